#!/usr/bin/env node
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig, PROJECT_ROOT } from "./config";
import { migrate, openDatabase } from "./db/data-source";
import { seedIfEmpty } from "./seed/seed.service";
import { printNewsgraphSchema } from "./schema";
import { startServer } from "./server";

const USAGE = `Usage: newsgraph <command>

Commands:
  serve            apply pending migrations, load the sample data into an empty database, serve GraphQL
  migrate          apply pending migrations
  seed             load reference and sample data into an empty database
  schema [--check] write schema.graphql from the code (--check: fail when the committed file differs)

Environment: DATABASE_URL (postgres://… or sqlite:<path>; default sqlite:data/newsgraph.sqlite),
PORT (default 4000), PUBLISHER_TIME_ZONE (default UTC). See README.md.`;

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
  if (!["serve", "migrate", "seed"].includes(command ?? "")) {
    console.error(USAGE);
    return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config.database);
  const applied = await migrate(db);
  if (applied.length) console.log(`applied migrations: ${applied.join(", ")}`);
  if (command === "migrate") {
    if (!applied.length) console.log("database is up to date");
    await db.destroy();
    return 0;
  }
  const seeded = await seedIfEmpty(db, config.publisherTimeZone);
  if (seeded) {
    console.log(
      `loaded ${seeded.countries} countries, ${seeded.topics} topics, ${seeded.people} people and ${seeded.articles.NEW} sample article(s)`,
    );
  } else if (command === "seed") {
    console.log("database already has entities; nothing loaded");
  }
  if (command === "seed") {
    await db.destroy();
    return 0;
  }
  const server = await startServer(config, db);
  console.log(`newsgraph ready at ${server.url} (database: ${config.database.kind})`);
  const shutdown = async () => {
    await server.stop();
    await db.destroy();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
    process.exit(1);
  },
);
