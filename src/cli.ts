#!/usr/bin/env node
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { ConfigError, loadConfig, PROJECT_ROOT, type Config } from "./config";
import { generateCorpus } from "./corpus/corpus.generator";
import { formatSummary, ingestCommand, relinkCommand } from "./ingest/ingest.command";
import { announceContentChange } from "./cache/content-version";
import { deepConfirmation } from "./ingest/deep";
import { migrate, openDatabase } from "./db/data-source";
import { seedIfEmpty } from "./seed/seed.service";
import { printNewsgraphSchema } from "./schema";
import { startServer } from "./server";
import { createLogger } from "./logging/logger";
import { DatabaseUnreachableError, openDatabaseWithRetry } from "./ops/connect";
import { stopOnSignals } from "./ops/shutdown";
import { isClusterWorker, superviseWorkers } from "./ops/cluster";

const USAGE = `Usage: newsgraph <command>

Commands:
  serve            apply pending migrations, load the sample data into an empty database, serve GraphQL
  migrate          apply pending migrations
  seed             load reference and sample data into an empty database
  ingest <files|dirs|->  ingest scraped pages (.txt), HTML (.html), JSON (.json) and NDJSON (.ndjson, .jsonl;
                   "-" reads NDJSON from standard input); exits 1 when any record was rejected
  relink [--deep]  re-link every stored article after entities changed (--deep: settle doubtful names with NLP)
  generate --count N [--seed S]  write a synthetic corpus of N articles as NDJSON to standard output
  schema [--check] write schema.graphql from the code (--check: fail when the committed file differs)

Environment: DATABASE_URL (postgres://… or sqlite:<path>; default sqlite:data/newsgraph.sqlite),
PORT (default 4000), PUBLISHER_TIME_ZONE (default UTC), LOG_LEVEL (default info); the rest in README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "schema") {
    const file = path.join(PROJECT_ROOT, "schema.graphql");
    const printed = await printNewsgraphSchema();
    if (rest.includes("--check")) {
      const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      if (committed !== printed) {
        console.error("schema.graphql differs from the schema the code builds; run `npm run schema` and commit it.");
        return 1;
      }
      console.log("schema.graphql is up to date.");
      return 0;
    }
    fs.writeFileSync(file, printed);
    console.log(`wrote ${file}`);
    return 0;
  }
  if (command === "generate") return generateCommand(rest);
  if (!["serve", "migrate", "seed", "ingest", "relink"].includes(command ?? "")) {
    console.error(USAGE);
    return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
  const config = loadConfig();
  if (command === "serve") return serve(config);
  const db = await openDatabase(config.database, config);
  const applied = await migrate(db);
  if (applied.length) console.log(`applied migrations: ${applied.join(", ")}`);
  if (command === "migrate") {
    if (!applied.length) console.log("database is up to date");
    await db.destroy();
    return 0;
  }
  if (command === "ingest" || command === "relink") {
    try {
      return await (command === "ingest" ? ingest(db, config, rest) : relink(db, rest));
    } finally {
      await db.destroy();
      // Even a failed run may have committed some batches: running servers must not keep serving old responses.
      await announceContentChange(config);
    }
  }
  const seeded = await seedIfEmpty(db, config.publisherTimeZone);
  if (seeded) {
    console.log(
      `loaded ${seeded.countries} countries, ${seeded.topics} topics, ${seeded.people} people and ${seeded.articles.NEW} sample article(s)`,
    );
  } else {
    console.log("database already has entities; nothing loaded");
  }
  await db.destroy();
  return 0;
}

/**
 * `newsgraph serve`: waits for the database (retrying with backoff), migrates and seeds it, then serves
 * until SIGTERM/SIGINT, logging JSON lines to standard output. Migrations and seeding use a
 * connection of their own without the statement timeout, which is for requests only.
 */
async function serve(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  const connect = { logger, timeoutMs: config.dbConnectTimeoutMs };
  // Workers of a cluster find the database prepared by the primary.
  if (!isClusterWorker()) {
    const setup = await openDatabaseWithRetry(config.database, { ...connect, log: { ...config, quiet: true } });
    try {
      const applied = await migrate(setup);
      if (applied.length) logger.info({ migrations: applied }, `applied migrations: ${applied.join(", ")}`);
      const seeded = await seedIfEmpty(setup, config.publisherTimeZone);
      if (seeded) logger.info({ ...seeded, articles: seeded.articles.NEW }, "loaded reference and sample data into the empty database");
    } finally {
      await setup.destroy();
    }
    if (config.workers > 1) {
      logger.info({ workers: config.workers }, `starting ${config.workers} server processes on port ${config.port}`);
      return superviseWorkers({ workers: config.workers, logger, shutdownTimeoutMs: config.shutdownTimeoutMs });
    }
  }
  const serving = config.database.kind === "postgres" ? { ...config.database, statementTimeoutMs: config.statementTimeoutMs } : config.database;
  const db = await openDatabaseWithRetry(serving, { ...connect, log: config });
  const server = await startServer(config, db, config.port, { logger });
  logger.info({ url: server.url, database: config.database.kind }, `newsgraph ready at ${server.url} (database: ${config.database.kind})`);
  stopOnSignals(
    async () => {
      await server.stop();
      await db.destroy();
    },
    // The server's drain waits up to shutdownTimeoutMs for requests; closing the database gets 5 s more.
    { logger, timeoutMs: config.shutdownTimeoutMs + 5_000 },
  );
  return -1;
}

/** `newsgraph ingest`: prints a summary; exit code 1 when anything was rejected. */
async function ingest(db: DataSource, config: Config, paths: string[]): Promise<number> {
  if (!paths.length) {
    console.error("newsgraph ingest: name files, folders, or - for NDJSON on standard input");
    return 2;
  }
  const summary = await ingestCommand(db, paths, { timeZone: config.publisherTimeZone, stdin: process.stdin, stderr: process.stderr });
  console.log(formatSummary(summary));
  return summary.rejected.length ? 1 : 0;
}

/** `newsgraph relink [--deep]`. */
async function relink(db: DataSource, flags: string[]): Promise<number> {
  const confirm = flags.includes("--deep") ? await deepConfirmation() : undefined;
  const result = await relinkCommand(db, { stderr: process.stderr, confirm });
  console.log(`relinked ${result.relinked} article(s) in ${result.seconds.toFixed(1)}s; ${result.createdPeople} new unverified people`);
  return 0;
}

/** `newsgraph generate --count N [--seed S]`: NDJSON on standard output. */
async function generateCommand(flags: string[]): Promise<number> {
  const value = (name: string) => {
    const i = flags.indexOf(name);
    return i >= 0 ? flags[i + 1] : undefined;
  };
  const count = Number(value("--count") ?? NaN);
  const seed = Number(value("--seed") ?? 1);
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed)) {
    console.error("Usage: newsgraph generate --count N [--seed S]");
    return 2;
  }
  const out = process.stdout;
  let buffer = "";
  for (const record of generateCorpus({ count, seed })) {
    buffer += `${JSON.stringify(record)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once("drain", resolve));
      buffer = "";
    }
  }
  await new Promise((resolve) => out.write(buffer, resolve));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
    else if (error instanceof DatabaseUnreachableError) console.error(`newsgraph: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
