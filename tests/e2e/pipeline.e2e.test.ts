import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { QueryFailedError } from "typeorm";
import { pipelineStats, MAX_STATEMENTS_PER_PIPELINE } from "../../src/db/pipeline";
import { currentQueryStats, withQueryStats } from "../../src/db/query-stats";
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from "../support/database";

describe("read statements in pipelines (postgres)", { skip: TEST_DIALECT !== "postgres" && "needs TEST_DATABASE_URL" }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  /** Pipelines and statements sent while `work` runs. */
  async function counting<T>(work: () => Promise<T>): Promise<{ result: T; pipelines: number; statements: number }> {
    const stats = pipelineStats(database.db);
    assert.ok(stats, "reads are pipelined on PostgreSQL");
    const [pipelines, statements] = [stats.pipelines, stats.statements];
    const result = await work();
    return { result, pipelines: stats.pipelines - pipelines, statements: stats.statements - statements };
  }

  it("sends the reads issued together down one connection in one pipeline, each with its own rows", async () => {
    const { result, pipelines, statements } = await counting(() =>
      Promise.all([1, 2, 3].map((n) => database.db.query(`SELECT $1::int AS n, pg_backend_pid() AS pid FROM generate_series(1, $1::int)`, [n]))),
    );
    assert.equal(pipelines, 1);
    assert.equal(statements, 3);
    assert.deepEqual(result.map((rows) => rows.map((r: { n: number }) => r.n)), [[1], [2, 2], [3, 3, 3]]);
    assert.equal(new Set(result.map((rows) => rows[0].pid)).size, 1, "one connection answered all three");
  });

  it(`puts at most ${MAX_STATEMENTS_PER_PIPELINE} statements in a pipeline`, async () => {
    const count = 2 * MAX_STATEMENTS_PER_PIPELINE + 1;
    const { result, pipelines, statements } = await counting(() =>
      Promise.all(Array.from({ length: count }, (_, i) => database.db.query(`SELECT $1::int AS i`, [i]))),
    );
    assert.equal(pipelines, 3);
    assert.equal(statements, count);
    assert.deepEqual(result.map((rows) => rows[0].i), Array.from({ length: count }, (_, i) => i));
  });

  it("fails only the statement that failed, as TypeORM's QueryFailedError with the SQLSTATE", async () => {
    const { result } = await counting(() =>
      Promise.allSettled([
        database.db.query(`SELECT 1 AS ok`),
        database.db.query(`SELECT 1 / $1::int AS boom`, [0]),
        database.db.query(`SELECT 2 AS ok`),
      ]),
    );
    assert.deepEqual(result[0], { status: "fulfilled", value: [{ ok: 1 }] });
    assert.deepEqual(result[2], { status: "fulfilled", value: [{ ok: 2 }] });
    assert.equal(result[1].status, "rejected");
    const error = (result[1] as PromiseRejectedResult).reason;
    assert.ok(error instanceof QueryFailedError);
    assert.equal((error as QueryFailedError & { driverError: { code: string } }).driverError.code, "22012");
    // The connection is still good for the next pipeline.
    assert.deepEqual(await database.db.query(`SELECT 3 AS ok`), [{ ok: 3 }]);
  });

  it("fails every statement of a pipeline whose connection is lost, and does not reuse the connection", async () => {
    const pipeline = Promise.allSettled([
      database.db.query(`SELECT pg_backend_pid() AS pid, pg_sleep(2)`),
      database.db.query(`SELECT 1 AS after`),
    ]);
    // Another connection ends the pipeline's backend while it sleeps (each try a pipeline of its own,
    // sent a turn later: issued in the same turn, it would wait behind the sleep).
    for (let tries = 0; tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [row] = await database.db.query(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE query LIKE 'SELECT pg_backend_pid() AS pid, pg_sleep%' AND pid <> pg_backend_pid()`,
      );
      if (row?.done) break;
    }
    const settled = await pipeline;
    assert.deepEqual(settled.map((s) => s.status), ["rejected", "rejected"]);
    // The next reads get a working connection, not the dead one.
    const [alive] = await database.db.query(`SELECT pg_backend_pid() AS pid`);
    assert.ok(alive.pid > 0);
  });

  it("counts each statement for the unit of work that issued it", async () => {
    const counts = await Promise.all(
      [1, 3].map((n) =>
        withQueryStats(async () => {
          await Promise.all(Array.from({ length: n }, () => database.db.query(`SELECT 1`)));
          return currentQueryStats()?.statements;
        }),
      ),
    );
    assert.deepEqual(counts, [1, 3]);
  });

  it("leaves writes, transactions, searches and locking reads on TypeORM's path", async () => {
    await database.db.query(`CREATE TABLE pipeline_probe (n int)`);
    const { pipelines } = await counting(async () => {
      await database.db.query(`INSERT INTO pipeline_probe VALUES (1), (2)`);
      // A search would hold up the statements behind it; a locking read could wait on a lock whose
      // holder waits for a statement behind it.
      assert.deepEqual(await database.db.query(`SELECT to_tsvector('simple', 'a b') @@ $1::tsquery AS hit`, ["a"]), [{ hit: true }]);
      assert.deepEqual(await database.db.query(`SELECT n FROM pipeline_probe WHERE n = 1 FOR UPDATE`), [{ n: 1 }]);
      assert.deepEqual(await database.db.query(`SELECT pg_advisory_unlock_all()`), [{ pg_advisory_unlock_all: "" }]);
      // TypeORM's own result shape for UPDATE: [rows, affected].
      assert.deepEqual(await database.db.query(`UPDATE pipeline_probe SET n = n + 10`), [[], 2]);
      await database.db.transaction(async (manager) => {
        assert.deepEqual(await manager.query(`SELECT COUNT(*)::int AS n FROM pipeline_probe`), [{ n: 2 }]);
      });
    });
    assert.equal(pipelines, 0);
    assert.deepEqual(await database.db.query(`SELECT n FROM pipeline_probe ORDER BY n`), [{ n: 11 }, { n: 12 }]);
  });
});
