/**
 * Loads data for a view: `loading` only until the first answer (a refresh keeps showing the
 * old data instead of flashing a skeleton), `error` in words, and `reload()` for retries and
 * live updates. Overlapping reloads: only the newest answer is kept.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ApiError, ApiResult } from "./api.ts";

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
}

export function useLoad<T>(load: () => Promise<ApiResult<T>>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>(
    { data: null, error: null, loading: true },
  );
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    const result = await load();
    if (mine !== generation.current) return;
    setState({ data: result.data, error: result.error, loading: false });
  }, deps);
  useEffect(() => {
    setState({ data: null, error: null, loading: true });
    reload();
  }, [reload]);
  return { ...state, reload };
}
