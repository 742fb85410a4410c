/**
 * Ingestion speed: generates N synthetic articles (src/corpus), then ingests them from an NDJSON
 * file through the same path as `newsgraph ingest` (parse, link, store) into a fresh SQLite database
 * and a fresh PostgreSQL schema, and prints articles per second for each.
 *
 *   npm run bench:ingest                 # 20,000 articles
 *   BENCH_ARTICLES=100000 npm run bench:ingest
 *   BENCH_POSTGRES_URL=postgres://…      # default postgres://postgres@127.0.0.1:5432/test; "off" skips it
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { DatabaseConfig } from "../../src/config";
import { generateCorpus } from "../../src/corpus/corpus.generator";
import { migrate, openDatabase } from "../../src/db/data-source";
import { ingestCommand } from "../../src/ingest/ingest.command";
import { seedReferenceData } from "../../src/seed/seed.service";

const COUNT = Number(process.env.BENCH_ARTICLES ?? 20000);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function run(label: string, config: DatabaseConfig, file: string, cleanup: () => Promise<void>) {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    await seedReferenceData(db);
    const summary = await ingestCommand(db, [file], { timeZone: "UTC", stdin: process.stdin, stderr: process.stderr });
    const total = summary.counts.NEW + summary.counts.UPDATED + summary.counts.UNCHANGED;
    const [{ mentions }] = await db.query(`SELECT COUNT(*) AS mentions FROM mention`);
    const [{ people }] = await db.query(`SELECT COUNT(*) AS people FROM entity WHERE "status" = 'UNVERIFIED'`);
    console.log(
      `${label.padEnd(10)} ${String(total).padStart(8)} articles in ${summary.seconds.toFixed(1).padStart(6)} s = ${String(Math.round(total / summary.seconds)).padStart(6)} articles/s` +
        `  (${mentions} mentions, ${people} people discovered, ${summary.rejected.length} rejected)`,
    );
    const again = await ingestCommand(db, [file], { timeZone: "UTC", stdin: process.stdin, stderr: process.stderr });
    console.log(`${"".padEnd(10)} re-ingesting the same file: ${Math.round(total / again.seconds)} articles/s, ${again.counts.UNCHANGED} unchanged`);
  } finally {
    await db.destroy();
    await cleanup();
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-bench-"));
  const file = path.join(dir, "corpus.ndjson");
  const out = fs.createWriteStream(file);
  for (const record of generateCorpus({ count: COUNT, seed: 42 })) out.write(`${JSON.stringify(record)}\n`);
  await new Promise((resolve) => out.end(resolve));
  console.log(`newsgraph ingestion benchmark: ${COUNT} generated articles (${(fs.statSync(file).size / 1e6).toFixed(0)} MB NDJSON), ${os.cpus().length} cores, node ${process.version}`);

  await run("SQLite", { kind: "sqlite", file: path.join(dir, "bench.sqlite") }, file, async () => undefined);

  if (POSTGRES_URL !== "off") {
    const schema = `ng_bench_${process.pid}`;
    const admin = new Client({ connectionString: POSTGRES_URL });
    try {
      await admin.connect();
      await admin.query(`CREATE SCHEMA "${schema}"`);
      await run("PostgreSQL", { kind: "postgres", url: POSTGRES_URL, schema }, file, async () => {
        await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      });
    } catch (error) {
      console.log(`PostgreSQL skipped: ${(error as Error).message}`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
