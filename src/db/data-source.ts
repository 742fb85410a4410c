import path from "node:path";
import { DataSource, type DataSourceOptions } from "typeorm";
import type { DatabaseConfig } from "../config";
import { Article } from "../article/article.entity";
import { EntityBase } from "../entity/entity.entity";
import { EntityName } from "../entity/entity-name.entity";
import { Person } from "../person/person.entity";
import { Country } from "../country/country.entity";
import { Topic } from "../topic/topic.entity";
import { Mention } from "../mention/mention.entity";
import { CoMention } from "../mention/co-mention.entity";
import { EntityDesk } from "../mention/desk-count.entity";
import { pipelineReads } from "./pipeline";
import { QueryStatsLogger } from "./query-stats";

/** Every TypeORM entity of newsgraph. */
export const ENTITIES = [Article, EntityBase, Person, Country, Topic, EntityName, Mention, CoMention, EntityDesk];

/** Compiled migrations for one dialect; SQLite and PostgreSQL each have their own, generated from the entities. */
function migrationsGlob(kind: DatabaseConfig["kind"]): string {
  return path.join(__dirname, "..", "..", "migrations", kind, "*.js");
}

/** What the database log shows (from NEWSGRAPH_QUIET and NEWSGRAPH_LOG_SQL_ERRORS). */
export interface DatabaseLogOptions {
  quiet: boolean;
  logSqlErrors: boolean;
}

/** Whether a database's reads go in pipelines (pipeline.ts): on PostgreSQL, unless turned off. */
function pipelined(db: DatabaseConfig): boolean {
  return db.kind === "postgres" && db.pipeline !== false;
}

/** TypeORM options for a database config. Never `synchronize`: the schema comes from migrations. */
export function dataSourceOptions(db: DatabaseConfig, log: DatabaseLogOptions = { quiet: false, logSqlErrors: false }): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: [migrationsGlob(db.kind)],
    migrationsTableName: "migrations",
    synchronize: false,
    logger: new QueryStatsLogger(log),
  };
  if (db.kind === "postgres") {
    return {
      ...common,
      type: "postgres",
      url: db.url,
      // JIT compilation pays off for long analytical queries, not for newsgraph's short indexed ones:
      // on the batched UNION ALL statements it cost over a second of compiling (measured at 1M
      // articles). Parallel plans are off for the same reason: for statements of a few milliseconds,
      // starting workers costs more than it saves, and on a busy server the workers take the cores
      // that concurrent requests need (a country page's facets: 9.5 ms with a Gather Merge, 5 ms without).
      // A schema of its own (used by the tests) goes on the search path of every connection.
      extra: {
        max: 10,
        options: `-c jit=off -c max_parallel_workers_per_gather=0${db.schema ? ` -c search_path=${db.schema}` : ""}`,
        // A runaway statement is killed by the server (SQLSTATE 57014, mapped to TIMEOUT); sent as its own
        // startup parameter so that `?options=` in DATABASE_URL cannot drop it.
        ...(db.statementTimeoutMs ? { statement_timeout: db.statementTimeoutMs } : {}),
        // A database that is down or unreachable fails a request within seconds instead of hanging it.
        connectionTimeoutMillis: 5_000,
        keepAlive: true,
        // Reads are sent in pipelines (pipeline.ts); statements in transactions wait for each other as before.
        // node-postgres refuses cursors and streams on pipelined clients; newsgraph uses neither.
        pipeline: pipelined(db),
      },
    };
  }
  return {
    ...common,
    type: "better-sqlite3",
    database: db.file,
    prepareDatabase: (sqlite: { pragma(source: string): unknown }) => {
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("synchronous = NORMAL");
      sqlite.pragma("foreign_keys = ON");
      sqlite.pragma("busy_timeout = 5000");
      // Bulk ingestion: checkpoint the WAL every ~40 MB rather than every 4 MB, and keep 64 MB of pages
      // cached; both cut the time batches spend on index pages (measured with npm run bench:ingest).
      sqlite.pragma("wal_autocheckpoint = 10000");
      sqlite.pragma("cache_size = -65536");
    },
  };
}

/** Opens a connection (pool) to the database. */
export async function openDatabase(db: DatabaseConfig, log?: DatabaseLogOptions): Promise<DataSource> {
  if (db.kind === "sqlite" && db.file !== ":memory:") {
    const fs = await import("node:fs");
    fs.mkdirSync(path.dirname(db.file), { recursive: true });
  }
  const dataSource = await new DataSource(dataSourceOptions(db, log)).initialize();
  if (pipelined(db)) pipelineReads(dataSource);
  return dataSource;
}

/** Applies pending migrations; returns the names of those applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: "each" });
  return applied.map((m) => m.name);
}
