import { isIP } from "node:net";
import os from "node:os";
import path from "node:path";
import type { AuthConfig } from "./auth/auth";
import { parseLimits, type LimitsConfig } from "./limits/limits.config";

/** The database newsgraph talks to, as chosen by `DATABASE_URL`. */
export type DatabaseConfig =
  | { kind: "sqlite"; file: string }
  | {
      kind: "postgres";
      url: string;
      schema?: string;
      /** PostgreSQL kills a statement running longer (SQLSTATE 57014); 0 or unset: never. Set by `serve` only. */
      statementTimeoutMs?: number;
      /** Reads outside transactions go in pipelines (src/db/pipeline.ts); default true, NEWSGRAPH_PIPELINE=0 turns it off. */
      pipeline?: boolean;
    };

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
  /** Whether clients may introspect the schema (`NEWSGRAPH_INTROSPECTION`, on by default: Sandbox needs it). */
  introspection: boolean;
  /** Whether GET /graphql from a browser shows the Sandbox landing page (`NEWSGRAPH_SANDBOX`, on by default). */
  sandbox: boolean;
  /** Execution deadline of one GraphQL request in ms (`NEWSGRAPH_REQUEST_TIMEOUT_MS`); 0 means none. */
  requestTimeoutMs: number;
  /** PostgreSQL `statement_timeout` of the connections serving requests (`NEWSGRAPH_STATEMENT_TIMEOUT_MS`); 0 means none. */
  statementTimeoutMs: number;
  /** How long `serve` keeps retrying an unreachable database at start (`NEWSGRAPH_DB_CONNECT_TIMEOUT_MS`). */
  dbConnectTimeoutMs: number;
  /** Longest wait for in-flight requests on SIGTERM/SIGINT before exiting anyway (`NEWSGRAPH_SHUTDOWN_TIMEOUT_MS`). */
  shutdownTimeoutMs: number;
  /** Server processes `serve` runs on one port (`NEWSGRAPH_WORKERS`: a number, or `auto` for one per core). */
  workers: number;
  /** Least severe level of the JSON log (`LOG_LEVEL`). */
  logLevel: LogLevel;
  /** Prefix of every key newsgraph writes to Redis (`REDIS_KEY_PREFIX`), so deployments can share one Redis. */
  redisKeyPrefix: string;
  /**
   * Which proxies in front of the server are trusted to name the client in `X-Forwarded-For`
   * (`NEWSGRAPH_TRUST_PROXY`): false (the socket's address is the client), a number of hops, or
   * addresses, subnets and Express's presets (loopback, linklocal, uniquelocal). Set as Express's
   * `trust proxy`: it decides the address rate limits and logs see.
   */
  trustProxy: boolean | number | string[];
  /** Whether public query results are cached by the server (`NEWSGRAPH_RESPONSE_CACHE`, on by default). */
  responseCache: boolean;
  /** What one request may ask, and how much each client may spend (NEWSGRAPH_MAX_*, NEWSGRAPH_RATE_*). */
  limits: LimitsConfig;
}

/** pino's levels, from most to least verbose, and `silent`. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
/** A level of the JSON log. */
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  const requestTimeoutMs = parseMilliseconds("NEWSGRAPH_REQUEST_TIMEOUT_MS", env.NEWSGRAPH_REQUEST_TIMEOUT_MS, 10_000);
  const database = parseDatabaseUrl(env.DATABASE_URL);
  if (database.kind === "postgres" && !parseFlag("NEWSGRAPH_PIPELINE", env.NEWSGRAPH_PIPELINE, true)) database.pipeline = false;
  return {
    port: parsePort(env.PORT),
    database,
    publisherTimeZone: parseTimeZone(env.PUBLISHER_TIME_ZONE),
    exposeQueryStats: parseFlag("NEWSGRAPH_QUERY_STATS", env.NEWSGRAPH_QUERY_STATS, !production),
    quiet: parseFlag("NEWSGRAPH_QUIET", env.NEWSGRAPH_QUIET, false),
    logSqlErrors: parseFlag("NEWSGRAPH_LOG_SQL_ERRORS", env.NEWSGRAPH_LOG_SQL_ERRORS, false),
    production,
    auth: parseAuth(env),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    introspection: parseFlag("NEWSGRAPH_INTROSPECTION", env.NEWSGRAPH_INTROSPECTION, true),
    sandbox: parseFlag("NEWSGRAPH_SANDBOX", env.NEWSGRAPH_SANDBOX, true),
    requestTimeoutMs,
    // By default a statement may run as long as a request may, so a request's SQL ends with its deadline.
    statementTimeoutMs: parseMilliseconds("NEWSGRAPH_STATEMENT_TIMEOUT_MS", env.NEWSGRAPH_STATEMENT_TIMEOUT_MS, requestTimeoutMs),
    dbConnectTimeoutMs: parseMilliseconds("NEWSGRAPH_DB_CONNECT_TIMEOUT_MS", env.NEWSGRAPH_DB_CONNECT_TIMEOUT_MS, 60_000),
    shutdownTimeoutMs: parseMilliseconds("NEWSGRAPH_SHUTDOWN_TIMEOUT_MS", env.NEWSGRAPH_SHUTDOWN_TIMEOUT_MS, 30_000),
    workers: parseWorkers(env.NEWSGRAPH_WORKERS),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    redisKeyPrefix: env.REDIS_KEY_PREFIX || "newsgraph:",
    trustProxy: parseTrustProxy(env.NEWSGRAPH_TRUST_PROXY),
    responseCache: parseFlag("NEWSGRAPH_RESPONSE_CACHE", env.NEWSGRAPH_RESPONSE_CACHE, true),
    limits: parseLimits(env),
  };
}

/**
 * Parses a duration in whole milliseconds (digits only, at most a day), so "10s" or "-1" stop
 * start-up instead of meaning something unintended.
 */
export function parseMilliseconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const ms = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(ms <= 86_400_000)) throw new ConfigError(`${name}: expected whole milliseconds 0..86400000, got "${value.slice(0, 40)}"`);
  return ms;
}

const PROXY_PRESETS = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * NEWSGRAPH_TRUST_PROXY: unset, `false` or `0` trusts no proxy; a whole number trusts that many hops;
 * otherwise a comma-separated list of addresses, CIDR subnets and presets (`loopback, 10.0.0.0/8`).
 * `true` (trust every hop) is refused: any client could then name itself, and pick its rate-limit bucket.
 */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const text = (value ?? "").trim();
  if (text === "" || text.toLowerCase() === "false" || text === "0") return false;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  if (text.toLowerCase() === "true") {
    throw new ConfigError("NEWSGRAPH_TRUST_PROXY: `true` would let any client choose its address; give the number of proxies or their addresses");
  }
  const entries = text.split(",").map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/");
    const family = isIP(address);
    const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!PROXY_PRESETS.has(entry) && (!family || !validPrefix || extra !== undefined)) {
      throw new ConfigError(`NEWSGRAPH_TRUST_PROXY: expected a number of hops or addresses, subnets and presets (loopback, linklocal, uniquelocal); "${entry.slice(0, 60)}" is none of them`);
    }
  }
  return entries;
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === "") return "info";
  const level = LOG_LEVELS.find((l) => l === value.toLowerCase());
  if (!level) throw new ConfigError(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(", ")}, got "${value.slice(0, 40)}"`);
  return level;
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

/** `NEWSGRAPH_WORKERS`: 1 by default; `auto` is one per core the process may use. */
function parseWorkers(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  if (value === "auto") return os.availableParallelism();
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError(`NEWSGRAPH_WORKERS: expected 1..64 or auto, got "${value.slice(0, 20)}"`);
  return workers;
}
