/** Codes newsgraph errors carry in `extensions.code`, following Apollo Server's conventions. */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "SERVICE_UNAVAILABLE"
  | "TIMEOUT"
  | "INTERNAL_SERVER_ERROR"
  // A request over one of newsgraph's limits (src/limits), refused before it runs.
  | "QUERY_TOO_LARGE"
  | "TOO_MANY_TOKENS"
  | "QUERY_TOO_DEEP"
  | "TOO_MANY_ALIASES"
  | "TOO_MANY_DIRECTIVES"
  | "QUERY_TOO_COMPLEX"
  | "RATE_LIMITED";

/**
 * An error a service throws on purpose: its message is written for the client and is shown as is,
 * with `code` and `details` in `extensions`. Anything else that escapes a resolver is internal.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** The client sent something that cannot be answered: a bad argument, id, cursor or name. */
export class BadUserInputError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("BAD_USER_INPUT", message, details);
  }
}

/** The request ran past its deadline (NEWSGRAPH_REQUEST_TIMEOUT_MS); what was still running was abandoned. */
export class RequestTimeoutError extends DomainError {
  constructor(timeoutMs: number) {
    super("TIMEOUT", `The request took longer than ${timeoutMs} ms and was stopped; ask for less at once`, { timeoutMs });
  }
}
