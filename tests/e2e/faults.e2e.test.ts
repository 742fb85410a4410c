import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { Client } from "pg";
import { QueryFailedError, type DataSource } from "typeorm";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/data-source";
import { classifyDatabaseFailure } from "../../src/errors/infrastructure";
import { createLogger } from "../../src/logging/logger";
import { connectDelay } from "../../src/ops/connect";
import { seedIfEmpty } from "../../src/seed/seed.service";
import { startServer, type RunningServer } from "../../src/server";
import { CLI, databaseUrlOf } from "../support/cli";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { freePort, TcpProxy } from "../support/net";

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error as node-postgres reports a SQLSTATE. */
const pgError = (code: string, message = "server message") => Object.assign(new Error(message), { code });

describe("database failures newsgraph recognises", () => {
  it("calls a lost or refused connection SERVICE_UNAVAILABLE and a cancelled statement TIMEOUT", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    assert.equal(classifyDatabaseFailure(refused), "SERVICE_UNAVAILABLE");
    assert.equal(classifyDatabaseFailure(new AggregateError([refused], "")), "SERVICE_UNAVAILABLE");
    assert.equal(classifyDatabaseFailure(new Error("Connection terminated unexpectedly")), "SERVICE_UNAVAILABLE");
    for (const sqlstate of ["57P01", "57P03", "08006", "08001", "53300"]) {
      const wrapped = new QueryFailedError("SELECT 1", [], pgError(sqlstate));
      assert.equal(classifyDatabaseFailure(wrapped), "SERVICE_UNAVAILABLE", sqlstate);
    }
    assert.equal(classifyDatabaseFailure(new QueryFailedError("SELECT pg_sleep(9)", [], pgError("57014", "canceling statement due to statement timeout"))), "TIMEOUT");
  });

  it("leaves other failures to be internal errors", () => {
    assert.equal(classifyDatabaseFailure(new QueryFailedError("SELEC 1", [], pgError("42601", "syntax error"))), null);
    assert.equal(classifyDatabaseFailure(pgError("23505", "duplicate key")), null);
    assert.equal(classifyDatabaseFailure(new TypeError("cannot read properties of undefined")), null);
  });

  it("waits 0.5 s before retrying a connection, doubling up to 10 s", () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 12].map(connectDelay), [500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  it("stops serve with a clear message after retrying a database that stays unreachable", async () => {
    const port = await freePort();
    const run = await serveUntilExit(`postgres://newsgraph:secret-pw@127.0.0.1:${port}/news`, { NEWSGRAPH_DB_CONNECT_TIMEOUT_MS: "2000" });
    assert.equal(run.code, 1, run.output);
    const retries = run.output.split("\n").filter((line) => line.includes("database unreachable (connect ECONNREFUSED"));
    assert.ok(retries.length >= 2, run.output);
    assert.match(retries[0], /retrying in 0\.5 s/);
    assert.match(retries[1], /retrying in 1\.0 s/);
    assert.match(run.output, /database unreachable after \d attempts in [\d.]+ s \(NEWSGRAPH_DB_CONNECT_TIMEOUT_MS=2000\): connect ECONNREFUSED/);
    assert.doesNotMatch(run.output, /secret-pw/);
  });
});

/** Runs `newsgraph serve` against `databaseUrl` until it exits by itself (or is killed after 30 s). */
function serveUntilExit(databaseUrl: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, "serve"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    }),
  );
}

describe("losing PostgreSQL and getting it back", { skip: !TEST_DATABASE_URL && "needs TEST_DATABASE_URL" }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let db: DataSource;
  let server: RunningServer;
  const gql = async (query: string) => {
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as any };
  };
  const QUERY = `{ articles(first: 1) { totalCount } }`;
  const origin = () => new URL(server.url).origin;

  before(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, "UTC");
    proxy = await TcpProxy.before(TEST_DATABASE_URL!, 5432);
    const viaProxy = new URL(TEST_DATABASE_URL!);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    db = await openDatabase({ ...(database.config as { kind: "postgres"; schema: string }), url: viaProxy.toString() }, { quiet: true, logSqlErrors: false });
    // No response cache: a cached answer would (rightly) hide the outage these tests provoke.
    server = await startServer({ ...loadConfig({}), logLevel: "silent", responseCache: false }, db, 0, { logger: createLogger("silent") });
  });
  after(async () => {
    await server?.stop();
    await db?.destroy().catch(() => undefined);
    await proxy?.stop();
    await database?.drop();
  });

  it("answers SERVICE_UNAVAILABLE with HTTP 503 while the database is gone, stays up, and recovers when it returns", async () => {
    assert.equal((await gql(QUERY)).body.data.articles.totalCount, 1);
    await proxy.stop();
    for (let i = 0; i < 3; i++) {
      const down = await gql(QUERY);
      assert.equal(down.status, 503);
      assert.equal(down.retryAfter, "5");
      assert.deepEqual(down.body.errors.map((e: any) => e.extensions.code), ["SERVICE_UNAVAILABLE"]);
      assert.equal(down.body.errors[0].message, "The database is unavailable; try again shortly");
    }
    const ready = await fetch(`${origin()}/readyz`);
    assert.equal(ready.status, 503);
    assert.match(((await ready.json()) as any).reason, /database unreachable/);
    assert.equal((await fetch(`${origin()}/healthz`)).status, 200, "the process is alive");

    await proxy.start();
    const back = await gql(QUERY);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.data.articles.totalCount, 1);
    assert.equal((await fetch(`${origin()}/readyz`)).status, 200);
  });

  it("answers SERVICE_UNAVAILABLE when its connection is killed mid-statement, and serves again right after", async () => {
    assert.equal((await gql(QUERY)).body.data.articles.totalCount, 1);
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const locker = new Client({ connectionString: TEST_DATABASE_URL });
    await locker.connect();
    const schema = (database.config as { schema: string }).schema;
    try {
      await locker.query("BEGIN");
      await locker.query(`LOCK TABLE "${schema}".article IN ACCESS EXCLUSIVE MODE`);
      const pending = gql(QUERY);
      for (let i = 0; i < 50; i++) {
        const { rows } = await admin.query(`SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = '"${schema}".article'::regclass`);
        if (Number(rows[0].n) > 0) break;
        await sleep(50);
      }
      // Only the server's own sessions (those behind the proxy): other tests share this database.
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND client_port = ANY($1::int[])`,
        [[...proxy.upstreamPorts]],
      );
      assert.ok((rowCount ?? 0) >= 1);
      const killed = await pending;
      assert.equal(killed.status, 503, JSON.stringify(killed.body));
      assert.deepEqual(killed.body.errors.map((e: any) => e.extensions.code), ["SERVICE_UNAVAILABLE"]);
    } finally {
      await locker.query("ROLLBACK").catch(() => undefined);
      await locker.end();
      await admin.end();
    }
    // The pool's idle connections were terminated too; it drops each as it notices, so a request made at
    // once may still meet one (503 again), but the server recovers on its own within moments.
    let next = await gql(QUERY);
    for (let i = 0; i < 20 && next.status !== 200; i++) {
      assert.equal(next.status, 503, JSON.stringify(next.body));
      await sleep(100);
      next = await gql(QUERY);
    }
    assert.equal(next.status, 200, JSON.stringify(next.body));
    assert.equal(next.body.data.articles.totalCount, 1);
  });

  it("makes serve wait for a database that is down at start, then serve", async () => {
    await proxy.stop();
    const port = await freePort();
    const viaProxy = databaseUrlOf({ ...(database.config as { kind: "postgres"; url: string; schema: string }), url: `postgres://postgres@127.0.0.1:${proxy.port}/${new URL(TEST_DATABASE_URL!).pathname.slice(1)}` });
    const child = spawn(process.execPath, [CLI, "serve"], { env: { ...process.env, DATABASE_URL: viaProxy, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.on("close", resolve));
    try {
      for (let i = 0; i < 150 && !/database unreachable \(connect ECONNREFUSED/.test(output); i++) await sleep(100);
      assert.match(output, /database unreachable \(connect ECONNREFUSED/);
      await proxy.start();
      let answered: any;
      for (let i = 0; i < 100 && !answered; i++) {
        await sleep(200);
        answered = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY }) })
          .then((res) => res.json())
          .catch(() => undefined);
      }
      assert.equal(answered?.data?.articles?.totalCount, 1, output);
      assert.match(output, /"msg":"database reachable"/);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  });
});
