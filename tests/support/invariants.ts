import assert from "node:assert/strict";
import type { DataSource } from "typeorm";

/**
 * Asserts that the counts newsgraph derives on write match the mention edges they come from:
 * every entity's mentionCount, every co_mention pair's count and weight, and every entity_desk count
 * (none missing, none extra). Tests call it after any mix of writes.
 */
export async function assertDerivedCountsMatch(db: DataSource): Promise<void> {
  const stale = await db.query(
    `SELECT e."id", e."mentionCount", (SELECT COUNT(*) FROM mention m WHERE m."entityId" = e."id") AS actual FROM entity e WHERE e."mentionCount" <> (SELECT COUNT(*) FROM mention m WHERE m."entityId" = e."id")`,
  );
  assert.deepEqual(stale, [], "mentionCount equals the entity's mention rows");
  const expected: Record<string, unknown>[] = await db.query(
    `SELECT m1."entityId" AS a, m2."entityId" AS b, COUNT(*) AS n, SUM(CAST(ROUND(m2."salience" * 1000) AS INTEGER)) AS w` +
      ` FROM mention m1 JOIN mention m2 ON m2."articleId" = m1."articleId" AND m2."entityId" <> m1."entityId" GROUP BY m1."entityId", m2."entityId" ORDER BY 1, 2`,
  );
  const stored: Record<string, unknown>[] = await db.query(`SELECT "entityId" AS a, "otherId" AS b, "count" AS n, "weight" AS w FROM co_mention ORDER BY 1, 2`);
  const norm = (rows: Record<string, unknown>[]) => rows.map((r) => [Number(r.a), Number(r.b), Number(r.n), Number(r.w)].join(":"));
  assert.deepEqual(norm(stored), norm(expected), "co_mention holds exactly the pairs of the mention rows");
  const desksExpected: Record<string, unknown>[] = await db.query(
    `SELECT m."entityId" AS a, a."deskKey" AS d, COUNT(*) AS n FROM mention m JOIN article a ON a."id" = m."articleId"` +
      ` WHERE a."deskKey" IS NOT NULL GROUP BY m."entityId", a."deskKey" ORDER BY 1, 2`,
  );
  const desksStored: Record<string, unknown>[] = await db.query(`SELECT "entityId" AS a, "deskKey" AS d, "count" AS n FROM entity_desk ORDER BY 1, 2`);
  const deskRows = (rows: Record<string, unknown>[]) => rows.map((r) => [Number(r.a), r.d, Number(r.n)].join(":"));
  assert.deepEqual(deskRows(desksStored), deskRows(desksExpected), "entity_desk holds exactly each entity's articles per desk");
}
