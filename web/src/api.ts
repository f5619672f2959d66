/**
 * Calls to the Edge Functions through supabase-js's functions.invoke, with every failure turned
 * into words a producer can act on (never a raw error or a status code alone).
 */
import { FunctionsFetchError, FunctionsHttpError } from "@supabase/supabase-js";
import { supabase } from "./supabase.ts";

export interface ApiError {
  status: number;
  code: string;
  message: string;
  /** Field -> messages, from a 422 problem. */
  fields?: Record<string, string[]>;
}

export type ApiResult<T> = { data: T; error: null } | { data: null; error: ApiError };

interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  errors?: Record<string, string[]>;
}

export interface CallOptions {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
}

/** A 429 that asks for at most this long is waited out and tried again, up to twice. */
const SHORT_RETRY_AFTER_S = 5;

export async function callFunction<T>(
  name: string,
  options: CallOptions = {},
): Promise<ApiResult<T>> {
  for (let attempt = 0;; attempt++) {
    const { data, error } = await supabase().functions.invoke<T>(name, {
      method: options.method ?? "POST",
      body: options.body as Record<string, unknown> | undefined,
      headers: options.headers,
    });
    if (!error) return { data: data as T, error: null };
    // A busy moment (the per-minute window about to free a slot, or too many calls in flight)
    // is waited out instead of shown: the page shows the answer a few seconds later.
    const wait = attempt < 2 ? shortRetryAfter(error) : null;
    if (wait === null) return { data: null, error: await describeError(error) };
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}

function shortRetryAfter(error: unknown): number | null {
  if (!(error instanceof FunctionsHttpError)) return null;
  const response = error.context as Response;
  const seconds = Number(response.headers.get("Retry-After"));
  return response.status === 429 && seconds > 0 && seconds <= SHORT_RETRY_AFTER_S ? seconds : null;
}

/** What a failed call means for the person using the app. */
export async function describeError(error: unknown): Promise<ApiError> {
  if (error instanceof FunctionsHttpError) {
    const response = error.context as Response;
    let problem: Problem = {};
    try {
      problem = await response.clone().json();
    } catch { /* not JSON: the status says enough */ }
    return problemToError(response.status, problem, response.headers.get("Retry-After"));
  }
  if (error instanceof FunctionsFetchError) {
    return {
      status: 0,
      code: "network",
      message: "Cannot reach the server. Check your connection.",
    };
  }
  return { status: 0, code: "unknown", message: "Something went wrong. Please try again." };
}

export function problemToError(
  status: number,
  problem: Problem,
  retryAfter: string | null,
): ApiError {
  const code = problem.code ?? String(status);
  const base = { status, code, fields: problem.errors };
  if (status === 401) return { ...base, message: "Your session has ended. Please sign in again." };
  if (status === 403) {
    return { ...base, message: problem.detail ?? "You do not have access to this." };
  }
  if (status === 429) {
    const wait = retryAfter ? ` Try again in ${retryAfter} s.` : " Try again in a moment.";
    return { ...base, message: `Too many requests.${wait}` };
  }
  if (status === 501) {
    return { ...base, message: "This part of the assistant is not available yet." };
  }
  if (status >= 500) {
    return { ...base, message: "The service is busy right now. Please try again." };
  }
  return {
    ...base,
    message: problem.detail ?? problem.title ?? "The request could not be completed.",
  };
}
