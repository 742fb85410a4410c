/**
 * Sustained load on the GraphQL endpoint: drives a mix of the read operations of a news site (article
 * page, person page, co-mention filter, search, country page with facets, refetch by id, the next
 * page, trending) at full speed for a while, then prints throughput, latency, every kind of error
 * (which must all be 0) and the server's memory before and after (and after a full GC). Exit code 1
 * when any request failed. Not part of `npm test`.
 *
 *   npm run load                                   # 60 s on a fresh SQLite archive of 2,000 generated articles
 *   LOAD_SECONDS=10 LOAD_CONNECTIONS=20 npm run load
 *   LOAD_ARTICLES=20000 npm run load               # a larger generated archive
 *   LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsgraph_load npm run load
 *   LOAD_URL=http://127.0.0.1:4000/graphql npm run load   # a server already running (memory not measured)
 *
 * The archive is the sample data plus a corpus from src/corpus, ingested through `newsgraph ingest`
 * when the database holds fewer articles than asked; the server runs in a child process (load-server).
 */
import "reflect-metadata";
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { parseDatabaseUrl } from "../../src/config";
import { generateCorpus } from "../../src/corpus/corpus.generator";
import { migrate, openDatabase } from "../../src/db/data-source";
import { ingestCommand } from "../../src/ingest/ingest.command";
import { seedIfEmpty } from "../../src/seed/seed.service";
import type { LoadServerMessage, LoadServerRequest } from "./load-server";

const SECONDS = positive("LOAD_SECONDS", 60);
const CONNECTIONS = positive("LOAD_CONNECTIONS", 10);
const ARTICLES = positive("LOAD_ARTICLES", 2000);

function positive(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: expected a positive integer, got "${value}"`);
  return n;
}

interface Operation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** The server under load: its URL, and its memory when it runs here as a child process. */
interface Target {
  url: string;
  memory(gc: boolean): Promise<{ usage: NodeJS.MemoryUsage; collected: boolean } | null>;
  stop(): Promise<void>;
}

/** Brings the database up to ARTICLES articles: sample data, then a generated corpus. */
async function prepareArchive(databaseUrl: string, dir: string): Promise<void> {
  const db = await openDatabase(parseDatabaseUrl(databaseUrl), { quiet: true, logSqlErrors: false });
  try {
    await migrate(db);
    await seedIfEmpty(db, "UTC");
    const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM article`);
    if (Number(n) < ARTICLES) {
      const file = path.join(dir, "corpus.ndjson");
      const out = fs.createWriteStream(file);
      for (const record of generateCorpus({ count: ARTICLES - Number(n), seed: 7 })) {
        if (!out.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      }
      await new Promise((resolve) => out.end(resolve));
      const summary = await ingestCommand(db, [file], { timeZone: "UTC", stdin: process.stdin, stderr: process.stderr });
      console.log(`ingested ${summary.counts.NEW} generated articles in ${summary.seconds.toFixed(1)} s`);
    }
    if (db.options.type === "postgres") await db.query("ANALYZE");
  } finally {
    await db.destroy();
  }
}

/** Starts load-server.js on the database and waits until it listens. */
async function startChildServer(databaseUrl: string): Promise<Target> {
  const child: ChildProcess = fork(path.join(__dirname, "load-server.js"), [], {
    execArgv: ["--expose-gc"],
    // One load generator from one address would drain any client's rate-limit bucket within a second:
    // the load is measured without it (as `npm run bench` does); everything else is as configured.
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", NEWSGRAPH_QUIET: "1", NEWSGRAPH_QUERY_STATS: "0", NEWSGRAPH_RATE_LIMIT: "0", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<LoadServerMessage>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the server exited with code ${code}`));
      child.once("exit", onExit);
      child.once("message", (message: LoadServerMessage) => {
        child.off("exit", onExit);
        resolve(message);
      });
    });
  const ready = await next();
  if (!("ready" in ready)) throw new Error("the server did not start");
  const ask = (request: LoadServerRequest) => child.send(request);
  return {
    url: ready.url.replace("localhost", "127.0.0.1"),
    async memory(gc) {
      const answer = next();
      ask({ memory: true, gc });
      const message = await answer;
      return "memory" in message ? { usage: message.memory, collected: message.collected } : null;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      ask({ stop: true });
      await exited;
    },
  };
}

async function gql(url: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
  if (!res.ok || body.errors) throw new Error(`${query.slice(0, 80)}…: ${res.status} ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The read operations of a news site, with arguments taken from the archive behind `url`. */
async function operations(url: string): Promise<Operation[]> {
  const data = await gql(
    url,
    `{
      articles(first: 20) { edges { node { id slug } } pageInfo { endCursor } }
      people(first: 100) { edges { node { id slug mentionCount } } }
      trending(window: MONTH, kind: COUNTRY, first: 1) { edges { node { ... on Country { code } } } }
    }`,
  );
  const people = [...data.people.edges.map((e: any) => e.node)].sort((a, b) => b.mentionCount - a.mentionCount);
  const articles = data.articles.edges.map((e: any) => e.node);
  const country = data.trending.edges[0]?.node.code ?? "IR";
  const ids = [...articles.slice(0, 5).map((a: any) => a.id), ...people.slice(0, 5).map((p: any) => p.id)];
  return [
    {
      name: "article page",
      query: `query($slug: String!) { article(slug: $slug) { headline body publishedAt mentions { count salience role entity { __typename id name } } related(first: 5) { edges { score node { headline slug } } } } }`,
      variables: { slug: articles[0].slug },
    },
    {
      name: "person page",
      query: `query($slug: String!) { person(slug: $slug) { name mentionCount coMentioned(first: 10) { edges { count node { name } } } articles(first: 20) { totalCount edges { node { headline publishedAt } } } } }`,
      variables: { slug: people[0].slug },
    },
    {
      name: "co-mention",
      query: `query($names: [String!]!) { articles(first: 20, filter: { mentioning: $names }) { totalCount edges { node { headline publishedAt } } } }`,
      variables: { names: [people[0].slug, people[1].slug] },
    },
    {
      name: "search",
      query: `query($q: String!) { search(query: $q, first: 5) { entities { __typename name } articles(first: 10) { edges { node { headline } } } } }`,
      variables: { q: "foreign minister" },
    },
    {
      name: "country page",
      query: `query($code: String!) { country(code: $code) { name articles(first: 20) { edges { node { headline } } facets { people(first: 10) { count entity { name } } topics(first: 10) { count entity { name } } desks { count desk } } } } }`,
      variables: { code: country },
    },
    {
      name: "refetch by id",
      query: `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Article { headline } ... on Person { name } } }`,
      variables: { ids },
    },
    {
      name: "next page",
      query: `query($after: String) { articles(first: 20, after: $after) { edges { cursor node { headline people { name } } } pageInfo { hasNextPage endCursor } } }`,
      variables: { after: data.articles.pageInfo.endCursor },
    },
    {
      name: "trending",
      query: `{ trending(window: MONTH, kind: PERSON, first: 10) { edges { count change node { name } } } }`,
    },
  ];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function printMemory(label: string, memory: { usage: NodeJS.MemoryUsage; collected: boolean } | null): void {
  if (!memory) return;
  const { rss, heapUsed, heapTotal, external } = memory.usage;
  console.log(`  ${label.padEnd(22)} rss ${mb(rss).padStart(9)}  heap used ${mb(heapUsed).padStart(9)} of ${mb(heapTotal).padStart(9)}  external ${mb(external).padStart(8)}`);
}

async function main(): Promise<number> {
  let dir: string | null = null;
  let target: Target;
  if (process.env.LOAD_URL) {
    target = { url: process.env.LOAD_URL, memory: async () => null, stop: async () => {} };
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-load-"));
    const databaseUrl = process.env.LOAD_DATABASE_URL ?? `sqlite:${path.join(dir, "load.sqlite")}`;
    await prepareArchive(databaseUrl, dir);
    target = await startChildServer(databaseUrl);
  }
  try {
    const ops = await operations(target.url);
    // Every operation once, so a broken one stops the run before a minute of errors.
    for (const op of ops) await gql(target.url, op.query, op.variables);
    const before = await target.memory(false);
    const beforeGc = await target.memory(true);

    let graphqlErrors = 0;
    const examples = new Map<string, string>();
    const byOperation = new Map<string, number>();
    const result = await autocannon({
      url: target.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: ops.map((op) => ({
        method: "POST" as const,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: op.query, variables: op.variables }),
        onResponse: (status: number, body: string) => {
          byOperation.set(op.name, (byOperation.get(op.name) ?? 0) + 1);
          let errors: unknown;
          try {
            errors = (JSON.parse(body) as { errors?: unknown }).errors;
          } catch {
            errors = [{ message: `status ${status}, not JSON: ${body.slice(0, 100)}` }];
          }
          if (errors) {
            graphqlErrors += 1;
            if (!examples.has(op.name)) examples.set(op.name, JSON.stringify(errors).slice(0, 300));
          }
        },
      })),
    });
    const after = await target.memory(false);
    const afterGc = await target.memory(true);

    const failures = result.errors + result.timeouts + result.non2xx + graphqlErrors;
    console.log(`newsgraph load test — ${SECONDS} s, ${CONNECTIONS} connections, ${ops.length} operations in turn, ${os.cpus().length} cores, node ${process.version}`);
    console.log(`  requests               ${result.requests.total} (${result.requests.average.toFixed(0)} req/s on average, ${(result.throughput.average / 1024).toFixed(0)} KiB/s)`);
    console.log(`  latency                p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    console.log(`  per operation          ${ops.map((op) => `${op.name} ${byOperation.get(op.name) ?? 0}`).join(", ")}`);
    console.log(`  connection errors      ${result.errors}`);
    console.log(`  timeouts               ${result.timeouts}`);
    console.log(`  non-2xx responses      ${result.non2xx}`);
    console.log(`  GraphQL errors         ${graphqlErrors}`);
    for (const [name, example] of examples) console.log(`    ${name}: ${example}`);
    if (before) {
      console.log("  server memory");
      printMemory("before", before);
      printMemory(beforeGc?.collected ? "before, after a GC" : "before (no GC exposed)", beforeGc);
      printMemory("after", after);
      printMemory(afterGc?.collected ? "after, after a GC" : "after (no GC exposed)", afterGc);
    } else {
      console.log("  server memory          not measured (LOAD_URL: the server runs elsewhere)");
    }
    console.log(failures ? `FAILED: ${failures} failed request(s)` : "no errors");
    return failures ? 1 : 0;
  } finally {
    await target.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
