/** The public discovery routes: `/health`, `/settings` and the JWKS. */
import type { Handler } from "./context.ts";
import { json } from "./errors.ts";

export const health: Handler = () =>
  Promise.resolve(json(200, {
    version: "local",
    name: "GoTrue",
    description: "GoTrue is a user registration and authentication API",
  }));

/** What `GET /settings` reports: `supabase start` defaults with only email enabled. */
const SETTINGS = {
  external: Object.fromEntries(
    [
      "anonymous_users",
      "apple",
      "azure",
      "bitbucket",
      "discord",
      "facebook",
      "snapchat",
      "figma",
      "fly",
      "github",
      "gitlab",
      "google",
      "keycloak",
      "kakao",
      "linkedin",
      "linkedin_oidc",
      "notion",
      "spotify",
      "slack",
      "slack_oidc",
      "workos",
      "twitch",
      "twitter",
      "email",
      "phone",
      "zoom",
    ].map((p) => [p, p === "email"]),
  ),
  disable_signup: false,
  mailer_autoconfirm: true,
  phone_autoconfirm: false,
  sms_provider: "",
  saml_enabled: false,
};

export const settings: Handler = () => Promise.resolve(json(200, SETTINGS));

/** GoTrue never publishes HMAC secrets; with only an HS256 key the set is empty. */
export const jwks: Handler = () => Promise.resolve(json(200, { keys: [] }));
