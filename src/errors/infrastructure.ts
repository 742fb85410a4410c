import type { ErrorCode } from "./errors";

/** Errno codes of a socket that could not reach, or lost, the database server. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * PostgreSQL SQLSTATEs saying the server is going away or cannot take the connection
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html): class 08 (connection exception),
 * 57P01 admin_shutdown (also pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now,
 * 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** Messages of node-postgres and TypeORM errors that carry no code but mean "no usable connection". */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /is not queryable/i,
  /Client has encountered a connection error/i,
];
const UNAVAILABLE_NAMES = new Set(["CannotGetEntityManagerNotConnectedError", "ConnectionIsNotSetError", "CannotExecuteNotConnectedError"]);

/** The error and the errors it wraps (TypeORM's `driverError`, `cause`, GraphQL's `originalError`, AggregateError's list). */
function* chain(error: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 5 || typeof error !== "object" || error === null) return;
  const record = error as Record<string, unknown>;
  yield record;
  for (const key of ["driverError", "cause", "originalError"]) yield* chain(record[key], depth + 1);
  if (Array.isArray(record.errors)) for (const inner of record.errors) yield* chain(inner, depth + 1);
}

/**
 * Whether `error` is the database being out of reach (down, restarting, connection killed) or a
 * statement the database cancelled for running too long (SQLSTATE 57014, from `statement_timeout`),
 * rather than a bug. Such failures are the client's to retry, so they get their own codes; null for
 * anything else.
 */
export function classifyDatabaseFailure(error: unknown): Extract<ErrorCode, "TIMEOUT" | "SERVICE_UNAVAILABLE"> | null {
  for (const e of chain(error)) {
    const code = typeof e.code === "string" ? e.code : "";
    if (code === "57014") return "TIMEOUT";
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return "SERVICE_UNAVAILABLE";
    // better-sqlite3: another process held the file past busy_timeout.
    if (code === "SQLITE_BUSY") return "SERVICE_UNAVAILABLE";
    if (typeof e.name === "string" && UNAVAILABLE_NAMES.has(e.name)) return "SERVICE_UNAVAILABLE";
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message as string))) return "SERVICE_UNAVAILABLE";
  }
  return null;
}
