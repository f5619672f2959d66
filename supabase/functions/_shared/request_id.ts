const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id: the client's `X-Request-Id` when it is a sane token (echoed back so
 * logs on both sides line up), otherwise a new UUID. Odd values are replaced, not echoed,
 * so a header cannot be used to inject text into logs.
 */
export function requestIdOf(req: Request, newId: () => string = () => crypto.randomUUID()): string {
  const given = req.headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : newId();
}
