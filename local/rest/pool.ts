/**
 * The REST API's own connections. Unlike the functions' pool (which must work through hosted
 * Supabase's transaction pooler), these use prepared statements, as PostgREST does: postgres.js
 * describes an unprepared statement with parameters in a round trip of its own before running
 * it, and cannot pipeline it. Prepared, the set-up statement, the query and the commit go out
 * together. The number of distinct statements prepared is bounded, so a caller inventing new
 * query shapes cannot grow the server's memory without end; beyond the bound they run unnamed.
 */
import postgres from "postgres";
import {
  DEADLINE_MS,
  reconnectDelaySeconds,
  type Sql,
} from "../../supabase/functions/_shared/db.ts";

/** Distinct statement texts prepared (per connection, on the server) at most. */
export const MAX_PREPARED_STATEMENTS = 500;

export function restPool(dbUrl: string): Sql {
  return postgres(dbUrl, {
    prepare: true,
    max: 10,
    idle_timeout: 20,
    connect_timeout: 3,
    backoff: reconnectDelaySeconds,
    connection: {
      // hosted's `authenticator` default, for roles without a timeout of their own
      // (service_role); anon's and authenticated's are set per request.
      statement_timeout: 8_000,
      // As the functions' pool: a transaction a client abandoned does not hold locks forever.
      idle_in_transaction_session_timeout: 2 * DEADLINE_MS,
    },
    onnotice: () => {},
  });
}

const prepared = new Set<string>();

/** Whether to prepare `text`: yes while the bound allows, and always for one prepared before. */
export function shouldPrepare(text: string): boolean {
  if (prepared.has(text)) return true;
  if (prepared.size >= MAX_PREPARED_STATEMENTS) return false;
  prepared.add(text);
  return true;
}
