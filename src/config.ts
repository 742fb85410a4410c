import path from "node:path";
import type { AuthConfig } from "./auth/auth";
import { parseLimits, type LimitsConfig } from "./limits/limits.config";

/** The database newsgraph talks to, as chosen by `DATABASE_URL`. */
export type DatabaseConfig =
  | { kind: "sqlite"; file: string }
  | { kind: "postgres"; url: string; schema?: string };

/** Everything newsgraph reads from its environment, parsed once. */
export interface Config {
  port: number;
  database: DatabaseConfig;
  /** Time zone of the publisher's scraped bylines ("EPN Desk 23 June 2025 11:15"). */
  publisherTimeZone: string;
  /** Whether responses carry `extensions.queryStats` (SQL statements run), for tests and benchmarks. */
  exposeQueryStats: boolean;
  /** Whether migration progress is left out of the log (`NEWSGRAPH_QUIET`). */
  quiet: boolean;
  /** Whether failed SQL statements are logged with their text (`NEWSGRAPH_LOG_SQL_ERRORS`). */
  logSqlErrors: boolean;
  production: boolean;
  /** How editors' bearer tokens are verified (mutations are refused when neither is set). */
  auth: AuthConfig;
  /** Redis shared by several instances (`REDIS_URL`); null keeps that state in this process. */
  redisUrl: string | null;
  /** What one request may ask, and how much each client may spend (NEWSGRAPH_MAX_*, NEWSGRAPH_RATE_*). */
  limits: LimitsConfig;
}

/** Folder of the project (two levels above the compiled `dist/src`). */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** Thrown for a malformed environment variable; the message names it. */
export class ConfigError extends Error {}

/**
 * Parses `DATABASE_URL`: unset means the embedded SQLite file `data/newsgraph.sqlite`;
 * `sqlite:<path>` another file (`sqlite::memory:` an in-memory one); `postgres://…` PostgreSQL.
 */
export function parseDatabaseUrl(value: string | undefined): DatabaseConfig {
  if (!value) return { kind: "sqlite", file: path.join(PROJECT_ROOT, "data", "newsgraph.sqlite") };
  if (value.startsWith("sqlite:")) {
    const file = value.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (!file) throw new ConfigError("DATABASE_URL: sqlite: needs a file path, e.g. sqlite:data/news.sqlite");
    return { kind: "sqlite", file: file === ":memory:" ? file : path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: "postgres", url: value };
  throw new ConfigError(`DATABASE_URL: expected postgres://… or sqlite:<path>, got "${value.replace(/:[^:@/]*@/, ":***@")}"`);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === "") return 4000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT: expected 0..65535, got "${value}"`);
  return port;
}

function parseTimeZone(value: string | undefined): string {
  const zone = value || "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
  } catch {
    throw new ConfigError(`PUBLISHER_TIME_ZONE: unknown IANA time zone "${zone}"`);
  }
  return zone;
}

/**
 * Parses an on/off variable: `1`, `true`, `0` or `false` in any case; unset or empty means `fallback`.
 * Anything else ("yes", "on") is a ConfigError rather than a silent "off".
 */
export function parseFlag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  const flag = value.toLowerCase();
  if (flag === "1" || flag === "true") return true;
  if (flag === "0" || flag === "false") return false;
  throw new ConfigError(`${name}: expected 1, 0, true or false, got "${value.slice(0, 40)}"`);
}

/** Reads the configuration from `env`; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  return {
    port: parsePort(env.PORT),
    database: parseDatabaseUrl(env.DATABASE_URL),
    publisherTimeZone: parseTimeZone(env.PUBLISHER_TIME_ZONE),
    exposeQueryStats: parseFlag("NEWSGRAPH_QUERY_STATS", env.NEWSGRAPH_QUERY_STATS, !production),
    quiet: parseFlag("NEWSGRAPH_QUIET", env.NEWSGRAPH_QUIET, false),
    logSqlErrors: parseFlag("NEWSGRAPH_LOG_SQL_ERRORS", env.NEWSGRAPH_LOG_SQL_ERRORS, false),
    production,
    auth: parseAuth(env),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    limits: parseLimits(env),
  };
}

/**
 * Token settings: NEWSGRAPH_JWT_SECRET (HS256, at least 32 characters) or NEWSGRAPH_JWKS_URL (an
 * identity provider's key set), optionally NEWSGRAPH_JWT_ISSUER and NEWSGRAPH_JWT_AUDIENCE.
 */
function parseAuth(env: NodeJS.ProcessEnv): AuthConfig {
  const jwtSecret = env.NEWSGRAPH_JWT_SECRET || null;
  const jwksUrl = env.NEWSGRAPH_JWKS_URL || null;
  if (jwtSecret && jwtSecret.length < 32) throw new ConfigError("NEWSGRAPH_JWT_SECRET: use at least 32 characters");
  if (jwtSecret && jwksUrl) throw new ConfigError("NEWSGRAPH_JWKS_URL: set either it or NEWSGRAPH_JWT_SECRET, not both");
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) throw new ConfigError(`NEWSGRAPH_JWKS_URL: expected an http(s) URL, got "${jwksUrl.slice(0, 80)}"`);
  return { jwtSecret, jwksUrl, issuer: env.NEWSGRAPH_JWT_ISSUER || null, audience: env.NEWSGRAPH_JWT_AUDIENCE || null };
}

function parseRedisUrl(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^rediss?:\/\//.test(value)) throw new ConfigError(`REDIS_URL: expected redis://… or rediss://…, got "${value.replace(/:[^:@/]*@/, ":***@").slice(0, 80)}"`);
  return value;
}
