/**
 * The API under load, on a large archive: drives the HTTP endpoint with autocannon and prints, for
 * each operation of issue #4 §5, throughput and p50/p99 latency at 1 and at 10 concurrent clients,
 * the SQL statements one request runs, and the same statements run directly through the driver
 * (API p50 / SQL p50).
 *
 *   npm run bench                                    # PostgreSQL database newsgraph_bench, 100,000 articles
 *   BENCH_ARTICLES=1000000 npm run bench             # builds up to a million (about 15 min of ingest)
 *   BENCH_DATABASE_URL=sqlite:/tmp/bench.sqlite npm run bench
 *   BENCH_SECONDS=10                                 # per measurement (default 10)
 *   BENCH_WORKERS=2                                  # server processes (NEWSGRAPH_WORKERS; default 1)
 *   BENCH_ONLY=d,e                                   # only these operations (by letter)
 *   BENCH_RUNS=3                                     # measurements per figure, medians printed (default 1)
 *   BENCH_COMPARE=../other-checkout                  # interleaved A/B against another built checkout
 *
 * The archive is generated (src/corpus) and ingested through `newsgraph ingest`, oldest article first,
 * when the database holds fewer articles than asked; generation is deterministic, so re-runs add
 * nothing (an archive topped up from a smaller one holds the added articles after the others).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { graphql } from "graphql";
import { Client } from "pg";
import type { DataSource } from "typeorm";
import { parseDatabaseUrl, PROJECT_ROOT } from "../../src/config";
import { createContext } from "../../src/context";
import { generateCorpus } from "../../src/corpus/corpus.generator";
import { migrate, openDatabase } from "../../src/db/data-source";
import { QueryStatsLogger, withQueryStats } from "../../src/db/query-stats";
import { ingestCommand } from "../../src/ingest/ingest.command";
import { buildNewsgraphSchema } from "../../src/schema";
import { seedReferenceData } from "../../src/seed/seed.service";
import { processIds, processStat } from "../support/cpu";

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/newsgraph_bench";
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// One server process by default: on a 2-core machine shared with PostgreSQL and the load generator,
// a second one raised p99 at 10 clients (see the README); with cores of its own it is worth trying.
const WORKERS = process.env.BENCH_WORKERS ?? "1";
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1) || 1);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map((s) => s.trim().toLowerCase())) : null;
const TARGET_P99_MS = 50;
const TARGET_COMENTION_P50_MS = 20;

interface Operation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Creates the PostgreSQL database named in the URL when it does not exist. */
async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await client.end();
}

/**
 * Writes `count` generated articles to `file` as NDJSON, oldest first. The generator draws each
 * article's date independently (so that a corpus of n articles is the first n of a larger one); a
 * newsroom's archive is written as its stories are published, and ingested in that order its rows lie
 * in publication order, as they would in production. Ingested in generation order instead, the newest
 * articles are scattered over the whole table: search, which walks them newest first, read a page per
 * row (README, "Search"). The records are written once in generation order, then copied in date order
 * by their offsets (ties by generation order).
 */
async function writeCorpusInPublicationOrder(file: string, count: number, seed: number): Promise<void> {
  const unsorted = `${file}.unsorted`;
  const times = new Float64Array(count);
  const offsets = new Float64Array(count + 1);
  const out = fs.createWriteStream(unsorted);
  let i = 0;
  let offset = 0;
  for (const record of generateCorpus({ count, seed })) {
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    times[i] = Date.parse(record.publishedAt);
    offsets[i++] = offset;
    offset += line.length;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  offsets[i] = offset;
  await new Promise((resolve) => out.end(resolve));
  const order = Uint32Array.from({ length: count }, (_, k) => k).sort((x, y) => times[x] - times[y] || x - y);
  const input = fs.openSync(unsorted, "r");
  const output = fs.openSync(file, "w");
  try {
    let buffer = Buffer.alloc(64 * 1024);
    for (const k of order) {
      const length = offsets[k + 1] - offsets[k];
      if (buffer.length < length) buffer = Buffer.alloc(length);
      fs.readSync(input, buffer, 0, length, offsets[k]);
      fs.writeSync(output, buffer, 0, length);
    }
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
    fs.rmSync(unsorted);
  }
}

/** Brings the archive up to ARTICLES generated articles, ingested oldest first. */
async function prepareArchive(db: DataSource): Promise<number> {
  await migrate(db);
  const [{ n: entities }] = await db.query(`SELECT COUNT(*) AS n FROM entity`);
  if (Number(entities) === 0) await seedReferenceData(db);
  const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM article`);
  if (Number(n) < ARTICLES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-bench-"));
    const file = path.join(dir, "corpus.ndjson");
    console.log(`building the archive: generating and ingesting ${ARTICLES} articles (${n} stored)…`);
    await writeCorpusInPublicationOrder(file, ARTICLES, 42);
    const summary = await ingestCommand(db, [file], { timeZone: "UTC", stdin: process.stdin, stderr: process.stderr });
    console.log(`ingested ${summary.counts.NEW} new articles in ${summary.seconds.toFixed(0)} s`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // VACUUM as well as ANALYZE: a freshly loaded archive has no visibility map until (auto)vacuum runs,
  // so every index-only scan would visit the heap; a serving database has been vacuumed (and on a
  // server with autovacuum off, as some test machines have, it never would be).
  if (db.options.type === "postgres") await db.query("VACUUM (ANALYZE)");
  const [{ n: total }] = await db.query(`SELECT COUNT(*) AS n FROM article`);
  return Number(total);
}

/** The operations of issue #4 §5, with arguments chosen from the archive. */
async function operations(db: DataSource, articles: number): Promise<Operation[]> {
  const [article] = await db.query(
    `SELECT a."slug" FROM article a WHERE (SELECT COUNT(*) FROM mention m WHERE m."articleId" = a."id") >= 5 ORDER BY a."publishedAt" DESC LIMIT 1`,
  );
  const people: { slug: string; mentionCount: number }[] = await db.query(
    `SELECT "slug", "mentionCount" FROM entity WHERE "kind" = 'PERSON' ORDER BY "mentionCount" DESC LIMIT 2`,
  );
  const [country] = await db.query(`SELECT "code" FROM entity WHERE "kind" = 'COUNTRY' ORDER BY "mentionCount" DESC LIMIT 1`);
  const share = people.map((p) => `${p.slug} ${((100 * Number(p.mentionCount)) / articles).toFixed(1)}%`).join(", ");
  console.log(`article ${article.slug}; people ${share}; country ${country.code}`);
  const schema = await buildNewsgraphSchema();
  const hasSearch = Boolean(schema.getType("ArticleFilter") && (schema.getType("ArticleFilter") as any).getFields().search);
  const hasRelated = Boolean((schema.getType("Article") as any).getFields().related);
  const hasFacets = Boolean((schema.getType("ArticleConnection") as any).getFields().facets);
  const ops: Operation[] = [
    {
      name: "(a) article page",
      query: `query($slug: String!) { article(slug: $slug) { headline body publishedAt mentions { count salience role entity { __typename id name } }${
        hasRelated ? " related(first: 5) { edges { score node { headline slug } } }" : ""
      } } }`,
      variables: { slug: article.slug },
    },
    {
      name: "(b) person page",
      query: `query($slug: String!) { person(slug: $slug) { name mentionCount coMentioned(first: 10) { edges { count node { name } } } articles(first: 20) { edges { node { headline publishedAt } } } } }`,
      variables: { slug: people[0].slug },
    },
    {
      name: "(c) co-mention",
      query: `query($names: [String!]!) { articles(first: 20, filter: { mentioning: $names }) { edges { node { headline publishedAt } } } }`,
      variables: { names: people.map((p) => p.slug) },
    },
  ];
  if (hasSearch) {
    ops.push({
      name: "(d) search",
      query: `query($q: String!) { articles(first: 20, filter: { search: $q }) { edges { node { headline } } } }`,
      variables: { q: "nuclear talks" },
    });
  }
  ops.push({
    name: hasFacets ? "(e) country facets" : "(e) country articles",
    query: hasFacets
      ? `query($code: String!) { country(code: $code) { articles(first: 20) { edges { node { headline } } facets { people(first: 10) { count entity { name } } topics(first: 10) { count entity { name } } desks { count desk } } } } }`
      : `query($code: String!) { country(code: $code) { articles(first: 20) { totalCount edges { node { headline } } } } }`,
    variables: { code: country.code },
  });
  return ops;
}

/** Runs an operation in this process, capturing its SQL, then replays that SQL through the driver. */
async function rawSqlMillis(db: DataSource, op: Operation, runs = 30): Promise<{ statements: number; p50: number }> {
  // Once uncaptured first, so that what the server remembers between requests (a large archive's
  // estimated size) is counted as a server that has been running would run it.
  const context = () => ({ schema: buildNewsgraphSchemaSync(), source: op.query, variableValues: op.variables, contextValue: createContext(db) });
  await graphql(context());
  const captured: { query: string; parameters: unknown[] }[] = [];
  const original = QueryStatsLogger.prototype.logQuery;
  QueryStatsLogger.prototype.logQuery = function (query: string, parameters?: unknown[]) {
    captured.push({ query, parameters: parameters ?? [] });
    return original.call(this, query, parameters);
  };
  try {
    const result = await withQueryStats(() => graphql(context()));
    if (result.errors?.length) throw new Error(`${op.name}: ${JSON.stringify(result.errors)}`);
  } finally {
    QueryStatsLogger.prototype.logQuery = original;
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    for (const { query, parameters } of captured) await db.query(query, parameters);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { statements: captured.length, p50: times[Math.floor(times.length / 2)] };
}

let schemaForCapture: Awaited<ReturnType<typeof buildNewsgraphSchema>>;
function buildNewsgraphSchemaSync() {
  return schemaForCapture;
}

async function load(url: string, op: Operation, connections: number, seconds = SECONDS) {
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: op.query, variables: op.variables }),
    connections,
    duration: seconds,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total, errors: result.errors + result.non2xx };
}

/**
 * BENCH_RUNS measurements of one operation at one concurrency: the median of each figure (this kind of
 * machine varies by a third between runs of the same thing), requests and errors summed.
 */
async function measure(url: string, op: Operation, connections: number) {
  const runs: Awaited<ReturnType<typeof load>>[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load(url, op, connections));
  const median = (pick: (r: (typeof runs)[number]) => number) => {
    const values = runs.map(pick).sort((a, b) => a - b);
    const mid = values.length >> 1;
    return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  };
  const sum = (pick: (r: (typeof runs)[number]) => number) => runs.reduce((total, r) => total + pick(r), 0);
  return { rps: median((r) => r.rps), p50: median((r) => r.p50), p99: median((r) => r.p99), requests: sum((r) => r.requests), errors: sum((r) => r.errors) };
}

/**
 * CPU used so far by each server process (and its workers) and each PostgreSQL process on this
 * machine, by pid, and by this process (the load generator). Null where there is no /proc.
 */
interface CpuSnapshot {
  server: Map<number, number>;
  postgres: Map<number, number>;
  load: number;
}

function cpuSnapshot(serverPid: number): CpuSnapshot | null {
  const pids = processIds();
  if (!pids.length) return null;
  const snapshot: CpuSnapshot = { server: new Map(), postgres: new Map(), load: 0 };
  for (const pid of pids) {
    // Null for a process that ended while the list was read.
    const stat = processStat(pid);
    if (!stat) continue;
    if (pid === serverPid || stat.parent === serverPid) snapshot.server.set(pid, stat.cpuMs / 1000);
    else if (stat.command === "postgres") snapshot.postgres.set(pid, stat.cpuMs / 1000);
  }
  const own = process.cpuUsage();
  snapshot.load = (own.user + own.system) / 1e6;
  return snapshot;
}

/** CPU milliseconds per request between two snapshots: the server's, PostgreSQL's and the load generator's. */
function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): { server: number; postgres: number; load: number } {
  const perRequest = (seconds: number) => (seconds * 1000) / Math.max(requests, 1);
  return {
    server: perRequest(cpuBetween(before.server, after.server)),
    postgres: perRequest(cpuBetween(before.postgres, after.postgres)),
    load: perRequest(after.load - before.load),
  };
}

/** CPU seconds used between two snapshots: by processes alive at the end (a process that started meanwhile from zero). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let used = 0;
  for (const [pid, seconds] of after) used += seconds - (before.get(pid) ?? 0);
  return used;
}

async function startServer(port: number, root = PROJECT_ROOT): Promise<ChildProcess> {
  // One load generator from one address would drain any client bucket: measure without rate limiting.
  // The statements per request are counted in this process (rawSqlMillis); the server runs as in
  // production, without counting them.
  const child = spawn(process.execPath, [path.join(root, "dist", "src", "cli.js"), "serve"], {
    env: { ...process.env, DATABASE_URL, PORT: String(port), NEWSGRAPH_QUIET: "1", NEWSGRAPH_RESPONSE_CACHE: "0", NEWSGRAPH_RATE_LIMIT: "0", NEWSGRAPH_WORKERS: WORKERS, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      if (tries > 300) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * BENCH_COMPARE=<another checkout, built>: interleaved A/B instead of the table. For each operation and
 * BENCH_RUNS rounds, a server from that checkout and one from this, in turn, each warmed up for 6 s and
 * then measured at 10 clients: throughput, p50, p99, and the server's and PostgreSQL's CPU per request.
 * Runs minutes apart on a shared machine drift by more than most changes; taken in turn they do not.
 */
async function compare(ops: Operation[], other: string): Promise<void> {
  const variants = [
    { name: "compared", root: path.resolve(other) },
    { name: "this", root: PROJECT_ROOT },
  ];
  console.log(`A/B: "compared" is ${variants[0].root}, "this" ${PROJECT_ROOT}; ${SECONDS} s at 10 clients after 6 s of warm-up`);
  console.log("operation              round  variant    req/s  p50 ms  p99 ms | CPU/req server  PostgreSQL");
  let port = 4700 + (process.pid % 200);
  for (const op of ops) {
    for (let round = 1; round <= RUNS; round++) {
      for (const variant of variants) {
        const server = await startServer(++port, variant.root);
        try {
          const url = `http://127.0.0.1:${port}/graphql`;
          await load(url, op, 10, 6);
          const before = cpuSnapshot(server.pid!);
          const ten = await load(url, op, 10);
          const after = cpuSnapshot(server.pid!);
          const used = before && after ? cpuPerRequest(before, after, ten.requests) : null;
          const cpu = used ? `${used.server.toFixed(2).padStart(15)}${used.postgres.toFixed(2).padStart(12)}` : "";
          console.log(
            `${op.name.padEnd(22)}${String(round).padStart(6)}  ${variant.name.padEnd(9)}${ten.rps.toFixed(0).padStart(7)}${ten.p50.toFixed(1).padStart(8)}${ten.p99.toFixed(1).padStart(8)} |${cpu}` +
              (ten.errors ? `  ERRORS ${ten.errors}` : ""),
          );
        } finally {
          server.kill("SIGTERM");
          if (server.exitCode === null && server.signalCode === null) await new Promise((resolve) => server.once("exit", resolve));
        }
      }
    }
  }
}

async function main() {
  const config = parseDatabaseUrl(DATABASE_URL);
  if (config.kind === "postgres") await ensurePostgresDatabase(DATABASE_URL);
  const db = await openDatabase(config, { quiet: true, logSqlErrors: false });
  const articles = await prepareArchive(db);
  const [{ n: mentions }] = await db.query(`SELECT COUNT(*) AS n FROM mention`);
  console.log(`newsgraph API benchmark — ${config.kind}, ${articles} articles, ${mentions} mentions, ${SECONDS}s per measurement${RUNS > 1 ? ` (median of ${RUNS})` : ""}, ${os.cpus().length} cores, server processes: ${WORKERS}, node ${process.version}`);
  schemaForCapture = await buildNewsgraphSchema();
  const ops = (await operations(db, articles)).filter((op) => !ONLY || ONLY.has(op.name.slice(1, 2)));
  if (process.env.BENCH_COMPARE) {
    try {
      await compare(ops, process.env.BENCH_COMPARE);
    } finally {
      await db.destroy();
    }
    return;
  }
  const port = 4700 + (process.pid % 200);
  const server = await startServer(port);
  const url = `http://127.0.0.1:${port}/graphql`;
  const misses: string[] = [];
  const cpuLines: string[] = [];
  console.log("operation              SQL/req | c=1 req/s  p50 ms  p99 ms | c=10 req/s  p50 ms  p99 ms | raw SQL p50 ms  API/SQL");
  try {
    for (const op of ops) {
      const raw = await rawSqlMillis(db, op);
      const one = await measure(url, op, 1);
      const before = cpuSnapshot(server.pid!);
      const ten = await measure(url, op, 10);
      const after = cpuSnapshot(server.pid!);
      if (before && after) {
        const { server: srv, postgres: pg, load: lg } = cpuPerRequest(before, after, ten.requests);
        const total = srv + pg + lg;
        cpuLines.push(
          `${op.name.padEnd(22)}${srv.toFixed(2).padStart(8)}${pg.toFixed(2).padStart(12)}${lg.toFixed(2).padStart(8)}${total.toFixed(2).padStart(8)}${String(Math.round((os.cpus().length * 1000) / total)).padStart(10)}`,
        );
      }
      const f = (n: number, w: number, d = 1) => n.toFixed(d).padStart(w);
      console.log(
        `${op.name.padEnd(22)}${String(raw.statements).padStart(8)} |${f(one.rps, 10, 0)}${f(one.p50, 8)}${f(one.p99, 8)} |${f(ten.rps, 11, 0)}${f(ten.p50, 8)}${f(ten.p99, 8)} |${f(raw.p50, 15, 2)}${f(one.p50 / Math.max(raw.p50, 0.01), 9)}` +
          (one.errors + ten.errors ? `  ERRORS ${one.errors + ten.errors}` : ""),
      );
      if (ten.p99 > TARGET_P99_MS) misses.push(`${op.name}: p99 ${ten.p99} ms at 10 clients, ${(ten.p99 - TARGET_P99_MS).toFixed(0)} ms over the ${TARGET_P99_MS} ms target`);
      if (op.name.startsWith("(c)") && one.p50 > TARGET_COMENTION_P50_MS) misses.push(`${op.name}: p50 ${one.p50} ms, ${(one.p50 - TARGET_COMENTION_P50_MS).toFixed(0)} ms over the ${TARGET_COMENTION_P50_MS} ms target`);
    }
  } finally {
    server.kill("SIGTERM");
    await db.destroy();
  }
  if (cpuLines.length) {
    // Where the cores go at 10 clients: once they are saturated, throughput is cores / CPU per request,
    // and by Little's law p50 is about 10 / throughput; the load generator shares the same cores.
    console.log("\nCPU per request at 10 clients (ms)     server  PostgreSQL    load   total  max req/s");
    console.log(cpuLines.join("\n"));
  }
  console.log(misses.length ? `targets missed:\n  ${misses.join("\n  ")}` : "all targets met");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
