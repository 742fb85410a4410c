import path from "node:path";

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
  production: boolean;
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

/** Reads the configuration from `env`; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  return {
    port: parsePort(env.PORT),
    database: parseDatabaseUrl(env.DATABASE_URL),
    publisherTimeZone: parseTimeZone(env.PUBLISHER_TIME_ZONE),
    exposeQueryStats: env.NEWSGRAPH_QUERY_STATS ? env.NEWSGRAPH_QUERY_STATS === "1" : !production,
    production,
  };
}
