/**
 * Times the public contract's operations over HTTP against a freshly seeded database (the server
 * runs in its own process, as in production, so the load generator does not share its CPU time)
 * and prints,
 * for each: requests per second, p50 and p99 latency at 1 and at 10 concurrent clients, and the SQL
 * statements one request runs. Run with `npm run bench:contract` (TEST_DATABASE_URL=postgres://…
 * for PostgreSQL; BENCH_SECONDS sets the time per measurement, default 3).
 */
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../src/config";
import { seedIfEmpty } from "../../src/seed/seed.service";
import { spawn } from "node:child_process";
import http from "node:http";
import { createTestDatabase, TEST_DIALECT } from "../support/database";
import { loadFixtures } from "../support/fixtures";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONTRACT_DIR = path.join(PROJECT_ROOT, "tests", "contract");

interface Operation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Keep-alive HTTP client: lighter than fetch, so the figures are the server's, not the client's. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function measure(url: string, op: Operation, clients: number) {
  const body = JSON.stringify({ query: op.query, variables: op.variables });
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      await post(url, body);
      latencies.push(performance.now() - start);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main() {
  const database = await createTestDatabase();
  await seedIfEmpty(database.db, "UTC");
  await loadFixtures(database.db);
  const port = 4100 + (process.pid % 500);
  const databaseUrl =
    database.config.kind === "sqlite"
      ? `sqlite:${database.config.file}`
      : `${database.config.url}${database.config.url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${database.config.schema}`)}`;
  // One load generator from one address would drain any client bucket: measure without rate limiting.
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist", "src", "cli.js"), "serve"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NEWSGRAPH_QUERY_STATS: "1", NEWSGRAPH_QUIET: "1", NEWSGRAPH_RATE_LIMIT: "0" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const server = { url: `http://127.0.0.1:${port}/graphql` };
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      if (tries > 100) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const slug = "iran-seeks-stronger-russian-support-as-foreign-minister-visits-moscow";
  const refetchId = Buffer.from("Article:1").toString("base64url");
  const operations: Operation[] = fs
    .readdirSync(CONTRACT_DIR)
    .filter((f) => f.endsWith(".graphql") && !f.startsWith("08") && !f.startsWith("09"))
    .map((f) => ({
      name: f.replace(/\.graphql$/, ""),
      query: fs.readFileSync(path.join(CONTRACT_DIR, f), "utf8"),
      variables: { slug, id: refetchId, ids: [refetchId, refetchId], after: null },
    }));

  console.log(`newsgraph contract benchmark — ${TEST_DIALECT}, ${SECONDS}s per measurement, node ${process.version}`);
  console.log("operation                  SQL/req   c=1 req/s   p50 ms   p99 ms   c=10 req/s   p50 ms   p99 ms");
  for (const op of operations) {
    const json = JSON.parse(await post(server.url, JSON.stringify({ query: op.query, variables: op.variables }))) as { errors?: unknown; extensions?: { queryStats?: { sqlStatements: number } } };
    if (json.errors) throw new Error(`${op.name}: ${JSON.stringify(json.errors)}`);
    const one = await measure(server.url, op, 1);
    const ten = await measure(server.url, op, 10);
    const f = (n: number, w: number, d = 1) => n.toFixed(d).padStart(w);
    console.log(
      `${op.name.padEnd(26)}${String(json.extensions?.queryStats?.sqlStatements ?? "?").padStart(7)}` +
        `${f(one.rps, 12, 0)}${f(one.p50, 9, 2)}${f(one.p99, 9, 2)}${f(ten.rps, 13, 0)}${f(ten.p50, 9, 2)}${f(ten.p99, 9, 2)}`,
    );
  }
  agent.destroy();
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  await database.drop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
