-- The defaults GET /preferences merges a stored settings document over: every section of the
-- settings document (settings-administration-module.md, DEFAULT_USER_PREFERENCES), where the
-- first version had only part of some (no notification categories, no autoApply, three of the
-- export options, an empty keyboardShortcuts). Rows keep what they store: the function deep-merges
-- them over these, so a row made before this migration shows the new settings at their defaults.
-- keyboardShortcutsEnabled stays (rows and clients have it); keyboardShortcuts.enabled is the
-- document's own switch.
create or replace function private.default_preferences()
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'theme', 'system',
    'sidebarCollapsed', false,
    'tableDensity', 'comfortable',
    'rowsPerPage', 25,
    'enableAnimations', true,
    'keyboardShortcutsEnabled', true,
    'keyboardShortcuts', jsonb_build_object(
      'enabled', true,
      'customBindings', jsonb_build_object(
        'openSearch', 'Ctrl+K', 'generateAll', 'Ctrl+G', 'export', 'Ctrl+E', 'approve', 'A',
        'reject', 'R', 'nextItem', 'ArrowRight', 'previousItem', 'ArrowLeft')),
    'notifications', jsonb_build_object(
      'toast', true, 'email', false, 'inApp', true, 'frequency', 'immediate',
      'categories', jsonb_build_object(
        'generationComplete', true, 'approvalRequired', true, 'errors', true,
        'systemAlerts', true)),
    'defaultFilters', jsonb_build_object(
      'tier', null, 'status', null, 'qualityRange', jsonb_build_array(0, 10), 'autoApply', false),
    'exportPreferences', jsonb_build_object(
      'defaultFormat', 'json', 'includeMetadata', true, 'includeQualityScores', true,
      'includeTimestamps', true, 'includeApprovalHistory', false, 'autoCompression', true,
      'autoCompressionThreshold', 1000),
    'qualityThresholds', jsonb_build_object(
      'autoApproval', 8.0, 'flagging', 6.0, 'minimumAcceptable', 4.0)
  );
$$;
