import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "../config";

export type { Logger };

/**
 * Fields that may hold credentials, wherever they appear in a log object: an editor's bearer token, a
 * cookie, a JWT secret. pino replaces them before the line is written, so a careless `logger.info(req)`
 * cannot leak them.
 */
export const REDACTED_PATHS = [
  "authorization",
  "cookie",
  "password",
  "token",
  "apiKey",
  "jwtSecret",
  "*.authorization",
  "*.cookie",
  "*.password",
  "*.token",
  "*.apiKey",
  "*.jwtSecret",
  "*.headers.authorization",
  "*.headers.cookie",
  "*.headers[\"x-api-key\"]",
];

/**
 * The JSON logger of a newsgraph process: one object per line on standard output (or `destination`,
 * which tests use to read or silence the log), ISO timestamps, credentials redacted.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      name: "newsgraph",
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/**
 * What a log line says about an error: its kind, message, code and stack, but none of the other
 * properties TypeORM attaches (the SQL text and its parameters; NEWSGRAPH_LOG_SQL_ERRORS logs those).
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  const inner = error instanceof AggregateError ? error.errors.map((e) => (e instanceof Error ? e.message : String(e))) : undefined;
  return { type: error.name, message: error.message, ...(code !== undefined ? { code } : {}), ...(inner ? { errors: inner } : {}), stack: error.stack };
}
