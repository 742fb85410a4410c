/**
 * Ingestion speed: generates N synthetic articles (src/corpus), then ingests them from an NDJSON
 * file through the same path as `newsgraph ingest` (parse, link, store) into a fresh SQLite database
 * and a fresh PostgreSQL schema, and prints articles per second for each.
 *
 *   npm run bench:ingest                 # 20,000 articles
 *   BENCH_ARTICLES=100000 npm run bench:ingest
 *   BENCH_POSTGRES_URL=postgres://…      # default postgres://postgres@127.0.0.1:5432/test; "off" skips it
 *
 * Besides articles/s, which a busy machine drags down, it prints the CPU time each article cost: this
 * Node process (worker threads included) and, on PostgreSQL, the server backends of the benchmark's
 * connections (user + system time from /proc/<pid>/stat, so the server must run on this machine).
 * CPU per article stays steady under load, so a change can be judged while other work runs.
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
import { processStat } from "../support/cpu";

const COUNT = Number(process.env.BENCH_ARTICLES ?? 20000);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** User + system CPU milliseconds of a local process (or one of its threads), or null when it cannot be read. */
function processCpuMs(pid: number, thread?: number): number | null {
  return processStat(pid, thread)?.cpuMs ?? null;
}

/**
 * Follows the CPU time of the PostgreSQL backends serving connections named `application`: polls
 * pg_stat_activity for their pids and reads each one's CPU time, so a backend that a pool closes or
 * opens mid-run is still counted (a backend first seen after start() counts from zero, as it began then).
 */
class BackendCpu {
  private readonly baseline = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();
  private started = false;

  constructor(
    private readonly admin: Client,
    private readonly application: string,
  ) {}

  private async poll(): Promise<void> {
    const { rows } = await this.admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [this.application]);
    for (const { pid } of rows as { pid: number }[]) {
      const ms = processCpuMs(pid);
      if (ms === null) continue;
      if (!this.baseline.has(pid)) this.baseline.set(pid, this.started ? 0 : ms);
      this.last.set(pid, ms);
    }
  }

  async start(): Promise<void> {
    await this.poll();
    this.started = true;
    for (const [pid, ms] of this.last) this.baseline.set(pid, ms);
    this.timer = setInterval(() => {
      this.polling = this.polling.then(() => this.poll()).catch(() => undefined);
    }, 200);
  }

  /** CPU milliseconds the backends used since start(). */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await this.poll();
    let total = 0;
    for (const [pid, ms] of this.last) total += ms - (this.baseline.get(pid) ?? 0);
    this.baseline.clear();
    this.last.clear();
    this.started = false;
    return total;
  }
}

/** One ingestion run of the benchmark, measured. */
async function measured(backends: BackendCpu | null, ingest: () => Promise<{ total: number; seconds: number }>) {
  await backends?.start();
  const cpu = process.cpuUsage();
  const mainBefore = processCpuMs(process.pid, process.pid) ?? 0;
  const { total, seconds } = await ingest();
  const used = process.cpuUsage(cpu);
  const nodeMs = (used.user + used.system) / 1000;
  const mainMs = (processCpuMs(process.pid, process.pid) ?? 0) - mainBefore;
  const backendMs = backends ? await backends.stop() : null;
  const perArticle = (ms: number) => (ms / Math.max(total, 1)).toFixed(3);
  const cpuLine = `CPU per article: node ${perArticle(nodeMs)} ms (main thread ${perArticle(mainMs)}, other threads ${perArticle(nodeMs - mainMs)})` + (backendMs !== null ? `, postgres backends ${perArticle(backendMs)} ms, total ${perArticle(nodeMs + backendMs)} ms` : "");
  return { total, seconds, cpuLine };
}

async function run(label: string, config: DatabaseConfig, file: string, cleanup: () => Promise<void>, backends: BackendCpu | null = null) {
  const db = await openDatabase(config);
  const ingest = async () => {
    const summary = await ingestCommand(db, [file], { timeZone: "UTC", stdin: process.stdin, stderr: process.stderr });
    return { summary, total: summary.counts.NEW + summary.counts.UPDATED + summary.counts.UNCHANGED, seconds: summary.seconds };
  };
  try {
    await migrate(db);
    await seedReferenceData(db);
    let summary!: Awaited<ReturnType<typeof ingestCommand>>;
    const first = await measured(backends, async () => {
      const result = await ingest();
      summary = result.summary;
      return result;
    });
    const total = first.total;
    const [{ mentions }] = await db.query(`SELECT COUNT(*) AS mentions FROM mention`);
    const [{ people }] = await db.query(`SELECT COUNT(*) AS people FROM entity WHERE "status" = 'UNVERIFIED'`);
    console.log(
      `${label.padEnd(10)} ${String(total).padStart(8)} articles in ${summary.seconds.toFixed(1).padStart(6)} s = ${String(Math.round(total / summary.seconds)).padStart(6)} articles/s` +
        `  (${mentions} mentions, ${people} people discovered, ${summary.rejected.length} rejected)`,
    );
    console.log(`${"".padEnd(10)} ${first.cpuLine}`);
    let unchanged = 0;
    const again = await measured(backends, async () => {
      const result = await ingest();
      unchanged = result.summary.counts.UNCHANGED;
      return result;
    });
    console.log(`${"".padEnd(10)} re-ingesting the same file: ${Math.round(total / again.seconds)} articles/s, ${unchanged} unchanged; ${again.cpuLine}`);
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
      // The benchmark's connections carry an application name, so their backends can be found.
      const url = new URL(POSTGRES_URL);
      url.searchParams.set("application_name", schema);
      await run("PostgreSQL", { kind: "postgres", url: url.toString(), schema }, file, async () => {
        await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      }, new BackendCpu(admin, schema));
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
