/** What every REST handler gets: the parsed request, the caller and the schema cache. */
import type { Caller } from "./caller.ts";
import type { Prefer } from "./parse.ts";
import type { Accept, Page } from "./respond.ts";
import type { SchemaCache } from "./schema.ts";

export interface RestRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The profile's schema (`Accept-Profile`/`Content-Profile`, else the first exposed). */
  schema: string;
  cache: SchemaCache;
  caller: Caller;
  prefer: Prefer;
  accept: Accept;
  /** The parsed JSON body of a write or a POST rpc. */
  body?: unknown;
  /** Query parameters that are not filters (a GET rpc's arguments). */
  skipParams?: Set<string>;
}

/** One statement to run in the caller's transaction, and what to answer with its result. */
export interface Plan {
  text: string;
  values: string[];
  /**
   * Runs inside the transaction before commit: throwing rolls the change back (a write's
   * `.single()` with two rows, `max-affected` exceeded). Plans without it are pipelined.
   */
  check?: (result: StatementResult) => void;
  respond: (result: StatementResult) => Response;
}

export interface StatementResult {
  /** The statement's single row when it returns a page; null for a bare write. */
  page: Page | null;
  /** Rows the command touched (a bare write's count). */
  affected: number;
}
