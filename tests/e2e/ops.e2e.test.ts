import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { buildSchema } from "graphql";
import type { DataSource } from "typeorm";
import { loadConfig, type Config } from "../../src/config";
import { openDatabase } from "../../src/db/data-source";
import { createFormatError } from "../../src/errors/format-error";
import { createLogger } from "../../src/logging/logger";
import { enforceDeadlines } from "../../src/ops/deadline";
import { operationsPlugin } from "../../src/ops/ops.plugin";
import { requestRecordOf, requestScope } from "../../src/ops/request";
import { seedIfEmpty } from "../../src/seed/seed.service";
import { startServer, type RunningServer } from "../../src/server";
import { CLI, databaseUrlOf } from "../support/cli";
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from "../support/database";
import { freePort } from "../support/net";

/** A log destination the test reads back: one parsed object per line. */
function captureLog() {
  const lines: Record<string, any>[] = [];
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, lines, text: () => text };
}

/** What one HTTP request to a server returned. */
interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.startsWith("{") ? JSON.parse(text) : text };
}

const codes = (reply: Reply) => (reply.body.errors ?? []).map((e: any) => e.extensions?.code);

describe(`operating newsgraph (${TEST_DIALECT})`, () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];
  const base: Config = { ...loadConfig({}), exposeQueryStats: false, logLevel: "silent" };
  const serve = async (overrides: Partial<Config> = {}, logger = createLogger("silent"), db: DataSource = database.db) => {
    const server = await startServer({ ...base, ...overrides }, db, 0, { logger });
    servers.push(server);
    return server;
  };

  before(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, "UTC");
  });
  after(async () => {
    for (const server of servers) await server.stop();
    await database?.drop();
  });

  describe("what clients are shown", () => {
    it("hides graphql-js's field suggestions in production and shows them in development", async () => {
      const query = `{ articles(first: 1) { totlCount } }`;
      const dev = await post((await serve()).url, query);
      assert.match(dev.body.errors[0].message, /Did you mean "totalCount"\?/);
      const prod = await post((await serve({ production: true })).url, query);
      assert.deepEqual(codes(prod), ["GRAPHQL_VALIDATION_FAILED"]);
      assert.equal(prod.body.errors[0].message, `Cannot query field "totlCount" on type "ArticleConnection".`);
      const enumTypo = `query($order: ArticleOrder) { articles(first: 1, orderBy: $order) { totalCount } }`;
      const variables = { order: { field: "PUBLISHED" } };
      const send = async (url: string) =>
        (await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: enumTypo, variables }) })).json()) as any;
      assert.match((await send((await serve()).url)).errors[0].message, /Did you mean the enum value "PUBLISHED_AT"\?/);
      const hidden = await send((await serve({ production: true })).url);
      assert.equal(hidden.errors[0].extensions.code, "BAD_USER_INPUT");
      assert.doesNotMatch(hidden.errors[0].message, /Did you mean|PUBLISHED_AT/);
    });

    it("keeps introspection and the Sandbox page on in production unless they are switched off", async () => {
      const introspect = `{ __schema { queryType { name } } }`;
      const on = await serve({ production: true });
      assert.deepEqual((await post(on.url, introspect)).body.data, { __schema: { queryType: { name: "Query" } } });
      const page = await fetch(on.url, { headers: { accept: "text/html" } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /sandbox/i);

      const off = await serve({ production: true, introspection: false, sandbox: false });
      const refused = await post(off.url, introspect);
      assert.deepEqual(codes(refused), ["GRAPHQL_VALIDATION_FAILED"]);
      const noPage = await fetch(off.url, { headers: { accept: "text/html" } });
      assert.doesNotMatch(await noPage.text(), /sandbox/i);
      assert.equal((await post(off.url, `{ articles(first: 1) { totalCount } }`)).body.data.articles.totalCount, 1);
    });

    it("answers a body that is not JSON with a coded BAD_REQUEST error, not an HTML page", async () => {
      const server = await serve({ production: true });
      const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: `{"query": ` });
      assert.equal(res.status, 400);
      const body = (await res.json()) as any;
      assert.equal(body.errors[0].extensions.code, "BAD_REQUEST");
      assert.doesNotMatch(JSON.stringify(body), /at .*\.js|node_modules/);
    });
  });

  describe("health", () => {
    it("answers /healthz and /readyz with 200 on a reachable, migrated database", async () => {
      const server = await serve();
      const origin = new URL(server.url).origin;
      const live = await fetch(`${origin}/healthz`);
      assert.deepEqual([live.status, await live.json()], [200, { status: "ok" }]);
      const ready = await fetch(`${origin}/readyz`);
      assert.deepEqual([ready.status, await ready.json()], [200, { status: "ready" }]);
    });

    it("answers /readyz with 503 naming the migration while one is pending, and 200 once it is applied", async () => {
      const origin = new URL((await serve()).url).origin;
      const [last] = await database.db.query(`SELECT id, timestamp, name FROM migrations ORDER BY id DESC LIMIT 1`);
      await database.db.query(`DELETE FROM migrations WHERE id = ${Number(last.id)}`);
      try {
        const pending = await fetch(`${origin}/readyz`);
        assert.equal(pending.status, 503);
        assert.deepEqual(await pending.json(), { status: "unavailable", reason: "migrations pending", pendingMigrations: [last.name] });
        assert.equal((await fetch(`${origin}/healthz`)).status, 200, "the process is alive all the same");
      } finally {
        await database.db.query(`INSERT INTO migrations (id, timestamp, name) VALUES (${Number(last.id)}, ${Number(last.timestamp)}, '${last.name}')`);
      }
      assert.equal((await fetch(`${origin}/readyz`)).status, 200);
    });
  });

  describe("the request log", () => {
    it("writes one JSON line per request with its id, operation, duration, status and outcome, and never the token", async () => {
      const log = captureLog();
      const server = await serve({}, createLogger("info", log.stream));
      const token = "eyJhbGciOiJIUzI1NiJ9.secret-token-value.sig";
      const ok = await post(server.url, `query FrontPage { articles(first: 1) { totalCount } }`, { "x-request-id": "edge-42", authorization: `Bearer ${token}` });
      assert.equal(ok.headers.get("x-request-id"), "edge-42");
      const bad = await post(server.url, `query BadPage { articles(first: 101) { totalCount } }`, { "x-request-id": "has spaces, so not kept" });
      const generated = bad.headers.get("x-request-id") ?? "";
      assert.match(generated, /^[0-9a-f-]{36}$/);
      await new Promise((resolve) => setImmediate(resolve));

      const requests = log.lines.filter((l) => l.msg === "graphql request");
      assert.equal(requests.length, 2);
      const [first, second] = requests;
      assert.deepEqual(
        { requestId: first.requestId, operation: first.operation, status: first.status, outcome: first.outcome, codes: first.codes },
        { requestId: "edge-42", operation: "FrontPage", status: 200, outcome: "ok", codes: undefined },
      );
      assert.equal(typeof first.durationMs, "number");
      assert.deepEqual([second.requestId, second.operation, second.outcome, second.codes], [generated, "BadPage", "error", ["BAD_USER_INPUT"]]);
      assert.doesNotMatch(log.text(), /secret-token-value|Bearer/);
    });

    it("redacts credentials wherever they appear in a logged object", () => {
      const log = captureLog();
      createLogger("info", log.stream).info({ headers: { authorization: "Bearer abc.def.ghi", cookie: "s=1" }, jwtSecret: "x".repeat(32), token: "t0k" }, "request");
      assert.deepEqual(log.lines[0].headers, { authorization: "[redacted]", cookie: "[redacted]" });
      assert.doesNotMatch(log.text(), /abc\.def\.ghi|xxxxxxxx|t0k/);
    });
  });

  describe("deadlines", () => {
    /** The server's deadline pieces around a schema with a field that takes as long as it is told. */
    async function slowServer(timeoutMs: number) {
      const schema = buildSchema(`type Query { wait(ms: Int!): String  quick: String  items: [Item] } type Item { name: String }`);
      let itemsResolved = 0;
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const fields = schema.getQueryType()!.getFields();
      const itemFields = (schema.getType("Item") as any).getFields();
      fields.wait.resolve = async (_s, args) => (await sleep(args.ms), `waited ${args.ms}`);
      fields.quick.resolve = () => "quick";
      fields.items.resolve = async () => (await sleep(150), [{}, {}]);
      itemFields.name.resolve = () => (itemsResolved++, "item");
      enforceDeadlines(schema);
      const apollo = new ApolloServer({ schema, formatError: createFormatError({ production: true }), plugins: [operationsPlugin(createLogger("silent"))] });
      await apollo.start();
      const app = express();
      app.use("/graphql", requestScope(createLogger("silent"), timeoutMs), express.json(), expressMiddleware(apollo, { context: async ({ res }) => ({ request: requestRecordOf(res) }) }));
      const httpServer = http.createServer(app);
      await new Promise<void>((resolve) => httpServer.listen(0, resolve));
      const url = `http://127.0.0.1:${(httpServer.address() as net.AddressInfo).port}/graphql`;
      return {
        url,
        itemsResolved: () => itemsResolved,
        close: async () => {
          await apollo.stop();
          httpServer.close();
        },
      };
    }

    it("answers a request past its deadline on time with TIMEOUT and HTTP 504, keeping what finished", async () => {
      const server = await slowServer(200);
      try {
        const started = Date.now();
        const reply = await post(server.url, `{ quick wait(ms: 5000) }`);
        const ms = Date.now() - started;
        assert.ok(ms < 1500, `answered after ${ms} ms`);
        assert.equal(reply.status, 504);
        assert.deepEqual(reply.body.data, { quick: "quick", wait: null });
        assert.deepEqual(codes(reply), ["TIMEOUT"]);
        assert.match(reply.body.errors[0].message, /longer than 200 ms/);
        const inTime = await post(server.url, `{ wait(ms: 20) }`);
        assert.deepEqual([inTime.status, inTime.body], [200, { data: { wait: "waited 20" } }]);
      } finally {
        await server.close();
      }
    });

    it("starts no field after the deadline has passed", async () => {
      const server = await slowServer(100);
      try {
        const reply = await post(server.url, `{ items { name } }`);
        assert.equal(reply.status, 504);
        assert.deepEqual(codes(reply), ["TIMEOUT"]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(server.itemsResolved(), 0, "the items that arrived late were not resolved");
      } finally {
        await server.close();
      }
    });
  });

  describe("PostgreSQL timeouts", { skip: TEST_DIALECT !== "postgres" && "needs TEST_DATABASE_URL" }, () => {
    /** Holds an exclusive lock on the article table from another session until `release()`. */
    async function lockArticles() {
      const { Client } = await import("pg");
      const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
      await client.connect();
      const schema = (database.config as { schema: string }).schema;
      await client.query("BEGIN");
      await client.query(`LOCK TABLE "${schema}".article IN ACCESS EXCLUSIVE MODE`);
      const waiting = async () =>
        Number((await client.query(`SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = '"${schema}".article'::regclass`)).rows[0].n);
      return {
        waiting,
        release: async () => {
          await client.query("ROLLBACK");
          await client.end();
        },
      };
    }

    async function serveWithStatementTimeout(statementTimeoutMs: number, overrides: Partial<Config>) {
      const db = await openDatabase({ ...database.config, statementTimeoutMs } as typeof database.config);
      const server = await serve(overrides, createLogger("silent"), db);
      return { server, db };
    }

    it("answers at the request deadline while a statement still waits, and the database work does not outlive its own timeout", async () => {
      const { server, db } = await serveWithStatementTimeout(1_500, { requestTimeoutMs: 300 });
      const lock = await lockArticles();
      try {
        const started = Date.now();
        const reply = await post(server.url, `{ articles(first: 1) { totalCount } }`);
        assert.ok(Date.now() - started < 1_200, `answered after ${Date.now() - started} ms`);
        assert.equal(reply.status, 504);
        assert.deepEqual(codes(reply), ["TIMEOUT"]);
        assert.equal(await lock.waiting(), 1, "the abandoned statement is still waiting when the answer is sent");
        await new Promise((resolve) => setTimeout(resolve, 1_800));
        assert.equal(await lock.waiting(), 0, "statement_timeout cancelled it");
      } finally {
        await lock.release();
        await db.destroy();
      }
    });

    it("cancels a statement past statement_timeout (SQLSTATE 57014) and answers TIMEOUT without SQL text", async () => {
      const { server, db } = await serveWithStatementTimeout(200, { requestTimeoutMs: 0, production: true });
      const lock = await lockArticles();
      try {
        const reply = await post(server.url, `{ articles(first: 1) { totalCount } }`);
        assert.equal(reply.status, 504);
        assert.deepEqual(codes(reply), ["TIMEOUT"]);
        assert.equal(reply.body.errors[0].message, "A database statement took too long and was cancelled; ask for less at once");
        assert.doesNotMatch(JSON.stringify(reply.body), /SELECT|statement timeout|article"/);
        assert.equal(await lock.waiting(), 0, "no statement of the request is left waiting");
      } finally {
        await lock.release();
      }
      try {
        assert.equal((await post(server.url, `{ articles(first: 1) { totalCount } }`)).body.data.articles.totalCount, 1);
      } finally {
        await db.destroy();
      }
    });
  });

  describe("graceful shutdown", () => {
    /** `newsgraph serve` on the test database, resolved once it answers /healthz. */
    async function spawnServe(env: Record<string, string> = {}) {
      const port = await freePort();
      const child = spawn(process.execPath, [CLI, "serve"], {
        env: { ...process.env, DATABASE_URL: databaseUrlOf(database.config), PORT: String(port), LOG_LEVEL: "info", ...env },
        stdio: ["pipe", "pipe", "pipe"],
      }) as ChildProcessWithoutNullStreams;
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      exited.finally(() => clearTimeout(killer));
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
        } catch {
          if (i > 300) throw new Error(`serve did not start:\n${stdout}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      return { child, port, exited, output: () => stdout };
    }

    /** Starts a GraphQL request whose body arrives in two parts; `finish()` sends the rest and gives the answer. */
    function slowRequest(port: number) {
      const body = JSON.stringify({ query: `query InFlight { articles(first: 1) { totalCount } }` });
      let answer!: Promise<{ status: number; body: string }>;
      const req = http.request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } });
      answer = new Promise((resolve, reject) => {
        req.on("response", (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on("error", reject);
      });
      req.write(body.slice(0, 10));
      return {
        finish: () => {
          req.end(body.slice(10));
          return answer;
        },
        answer,
      };
    }

    it("on SIGTERM stops accepting, finishes the request in flight, closes the database and exits 0", async () => {
      const serve = await spawnServe();
      const inFlight = slowRequest(serve.port);
      await new Promise((resolve) => setTimeout(resolve, 200));
      serve.child.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 300));
      await assert.rejects(fetch(`http://127.0.0.1:${serve.port}/healthz`), "no new connections are accepted");
      const answer = await inFlight.finish();
      assert.equal(answer.status, 200, answer.body);
      assert.deepEqual(JSON.parse(answer.body).data, { articles: { totalCount: 1 } });
      assert.equal(await serve.exited, 0, serve.output());
      const messages = serve.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l).msg);
      assert.ok(messages.includes("shutting down: no new requests, finishing those in flight"), serve.output());
      assert.ok(messages.indexOf("graphql request") < messages.indexOf("stopped"), "the request ended before the process");
    });

    it("serves from several worker processes with NEWSGRAPH_WORKERS, and drains them all on SIGTERM", async () => {
      const serve = await spawnServe({ NEWSGRAPH_WORKERS: "2" });
      const pids = new Set<number>();
      for (let i = 0; i < 40 && pids.size < 2; i++) {
        // A connection of its own each time: the primary hands connections to the workers in turn.
        const status = await new Promise<number | undefined>((resolve, reject) => {
          const body = JSON.stringify({ query: `{ articles(first: 1) { totalCount } }` });
          const req = http.request({ host: "127.0.0.1", port: serve.port, path: "/graphql", method: "POST", agent: false, headers: { "content-type": "application/json" } });
          req.on("response", (res) => res.resume().on("end", () => resolve(res.statusCode)));
          req.on("error", reject);
          req.end(body);
        });
        assert.equal(status, 200);
        // Each request's log line names the process that served it.
        await new Promise((resolve) => setTimeout(resolve, 20));
        for (const line of serve.output().split("\n").filter((l) => l.startsWith("{"))) {
          const entry = JSON.parse(line);
          if (entry.msg === "graphql request") pids.add(entry.pid);
        }
      }
      assert.equal(pids.size, 2, `two processes answered\n${serve.output()}`);
      const inFlight = slowRequest(serve.port);
      await new Promise((resolve) => setTimeout(resolve, 200));
      serve.child.kill("SIGTERM");
      const answer = await inFlight.finish();
      assert.equal(answer.status, 200, answer.body);
      assert.equal(await serve.exited, 0, serve.output());
      const stopped = serve.output().split("\n").filter((l) => l.startsWith("{") && JSON.parse(l).msg === "stopped");
      assert.equal(stopped.length, 2, "both workers drained and stopped");
    });

    it("exits at once with code 1 on a second signal", async () => {
      const serve = await spawnServe();
      const inFlight = slowRequest(serve.port);
      inFlight.answer.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
      serve.child.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 200));
      serve.child.kill("SIGINT");
      const started = Date.now();
      assert.equal(await serve.exited, 1, serve.output());
      assert.ok(Date.now() - started < 2_000);
      assert.match(serve.output(), /second signal during shutdown/);
    });
  });
});
