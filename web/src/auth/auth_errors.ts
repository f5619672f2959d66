/** Auth errors in words: GoTrue's codes mapped to what the person should do. */
import type { AuthError } from "@supabase/supabase-js";

const MESSAGES: Record<string, string> = {
  invalid_credentials:
    "That e-mail and password do not match an account. Check them and try again.",
  user_already_exists: "An account with this e-mail already exists. Sign in instead.",
  email_exists: "An account with this e-mail already exists. Sign in instead.",
  weak_password: "Choose a longer password: at least 6 characters.",
  validation_failed: "Check the e-mail address and password.",
  email_address_invalid: "That e-mail address does not look right.",
  over_request_rate_limit: "Too many attempts from here. Wait a few minutes, then try again.",
  signup_disabled: "New accounts cannot be created right now.",
};

export function authErrorMessage(error: AuthError): string {
  if (error.code && MESSAGES[error.code]) return MESSAGES[error.code];
  if (error.status === 0 || error.name === "AuthRetryableFetchError") {
    return "Cannot reach the server. Check your connection and try again.";
  }
  return error.message || "Signing in did not work. Please try again.";
}
