import type { Context } from "../context";
import { EntityBase, EntityKind } from "../entity/entity.entity";
import type { EntityManager, QueryRunner } from "typeorm";
import { Mention, MentionRole } from "./mention.entity";
import type { Article } from "../article/article.entity";
import { storedEntity } from "../entity/entity.editor";
import { DomainError } from "../errors/errors";
import { fromGlobalIdOf } from "../relay/global-id";
import type { RemoveMentionInput, SetMentionInput } from "./mention.mutations";
import { arrayParam, dialectOf, insertRows, runSql, SqlParams } from "../db/sql";

/** The mentions of an article, most salient first. */
export function mentionsOf(ctx: Context, articleId: number): Promise<Mention[]> {
  return ctx.loaders.mentionsByArticle.load(articleId);
}

/** The entities of one kind an article mentions, most salient first. */
export async function mentionedEntities<T extends EntityBase>(ctx: Context, articleId: number, kind: EntityKind): Promise<T[]> {
  const mentions = await ctx.loaders.mentionsByArticle.load(articleId);
  const entities = await ctx.loaders.entityById.loadMany(mentions.map((m) => m.entityId));
  return entities.filter((e): e is T => e instanceof EntityBase && e.kind === kind);
}

/** Recomputes the stored mentionCount of the given entities from their mention edges. */
export async function refreshMentionCounts(manager: EntityManager, entityIds: readonly number[]): Promise<void> {
  for (let i = 0; i < entityIds.length; i += 500) {
    const params = new SqlParams(dialectOf(manager.connection));
    const chunk = entityIds.slice(i, i + 500);
    await manager.query(
      `UPDATE entity SET "mentionCount" = (SELECT COUNT(*) FROM mention m WHERE m."entityId" = entity."id") WHERE "id" IN ${params.list(chunk)}`,
      params.values,
    );
  }
}

/**
 * Moves entities' stored mentionCount by the given deltas, inside the caller's transaction. Rows are
 * updated in id order, so concurrent transactions lock them in the same order and cannot deadlock.
 */
export async function adjustMentionCounts(runner: QueryRunner, delta: ReadonlyMap<number, number>): Promise<void> {
  const changed = [...delta.entries()].filter(([, d]) => d !== 0).sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < changed.length; i += 400) {
    const chunk = changed.slice(i, i + 400);
    const p = new SqlParams(dialectOf(runner.connection));
    const sql =
      `UPDATE entity SET "mentionCount" = "mentionCount" + CASE "id" ${chunk.map(([id, d]) => `WHEN ${p.bind(id)} THEN ${p.bind(d)}`).join(" ")} ELSE 0 END` +
      ` WHERE "id" IN ${p.list(chunk.map(([id]) => id))}`;
    await runner.query(sql, p.values);
  }
}

/** `setMention`: creates or changes one article–entity edge, keeping mention counts exact. */
export async function setMention(ctx: Context, input: SetMentionInput): Promise<{ mention: Mention; article: Article }> {
  const [articleId, entityId] = await ctx.services.ingestion.edit(async (runner) => {
    const article = await storedArticleRow(runner, input.article);
    const entity = await storedEntity(runner, input.entity, ["Person", "Country", "Topic"], "input.entity");
    const current = await runSql(runner, (p) => `SELECT "entityId", "salience", "count" FROM mention WHERE "articleId" = ${p.bind(article.id)}`);
    const before = new Map(current.map((r) => [Number(r.entityId), Number(r.salience)]));
    const old = current.find((r) => Number(r.entityId) === entity.id);
    const count = input.count ?? (old ? Number(old.count) : 1);
    const salience = input.salience ?? (old ? Number(old.salience) : input.role === MentionRole.ABOUT ? 1 : 0.5);
    if (old) {
      await runSql(runner, (p) =>
        `UPDATE mention SET "role" = ${p.bind(input.role)}, "count" = ${p.bind(count)}, "salience" = ${p.bind(salience)} WHERE "articleId" = ${p.bind(article.id)} AND "entityId" = ${p.bind(entity.id)}`,
      );
    } else {
      await runSql(runner, (p) =>
        `INSERT INTO mention ("articleId", "entityId", "publishedAt", "count", "salience", "role") VALUES (${[article.id, entity.id, article.publishedAt, count, salience, input.role].map((v) => p.bind(v)).join(", ")})`,
      );
    }
    await applyEdgeChanges(runner, [{ before, after: new Map([...before, [entity.id, salience]]), deskBefore: article.deskKey, deskAfter: article.deskKey }]);
    return [article.id, entity.id] as const;
  });
  ctx.loaders.mentionsByArticle.clear(articleId);
  ctx.loaders.entityById.clear(entityId);
  const mentions = await ctx.loaders.mentionsByArticle.load(articleId);
  return { mention: mentions.find((m) => m.entityId === entityId) as Mention, article: (await ctx.loaders.articleById.load(articleId)) as Article };
}

/** `removeMention`: deletes one edge if it exists. */
export async function removeMention(ctx: Context, input: RemoveMentionInput): Promise<{ removed: boolean; article: Article }> {
  const [articleId, entityId, removed] = await ctx.services.ingestion.edit(async (runner) => {
    const article = await storedArticleRow(runner, input.article);
    const entity = await storedEntity(runner, input.entity, ["Person", "Country", "Topic"], "input.entity");
    const current = await runSql(runner, (p) => `SELECT "entityId", "salience" FROM mention WHERE "articleId" = ${p.bind(article.id)}`);
    const before = new Map(current.map((r) => [Number(r.entityId), Number(r.salience)]));
    const gone = await runSql(runner, (p) => `DELETE FROM mention WHERE "articleId" = ${p.bind(article.id)} AND "entityId" = ${p.bind(entity.id)} RETURNING "entityId"`);
    if (gone.length) {
      await applyEdgeChanges(runner, [{ before, after: new Map([...before].filter(([id]) => id !== entity.id)), deskBefore: article.deskKey, deskAfter: article.deskKey }]);
    }
    return [article.id, entity.id, gone.length > 0] as const;
  });
  ctx.loaders.mentionsByArticle.clear(articleId);
  ctx.loaders.entityById.clear(entityId);
  return { removed, article: (await ctx.loaders.articleById.load(articleId)) as Article };
}

/** The id and date of the article an input names; NOT_FOUND when there is none. */
async function storedArticleRow(runner: QueryRunner, id: string): Promise<{ id: number; publishedAt: number; deskKey: string | null }> {
  const key = fromGlobalIdOf(id, ["Article"], "input.article").key;
  const [row] = await runSql(runner, (p) => `SELECT "id", "publishedAt", "deskKey" FROM article WHERE "id" = ${p.bind(key)}`);
  if (!row) throw new DomainError("NOT_FOUND", "No article has the id given in `input.article`", { field: "input.article" });
  return { id: Number(row.id), publishedAt: Number(row.publishedAt), deskKey: (row.deskKey as string | null) ?? null };
}

/** One article's entities (with their salience) and desk (folded, `deskKey`) before and after a write. */
export interface EdgeChange {
  before: ReadonlyMap<number, number>;
  after: ReadonlyMap<number, number>;
  deskBefore: string | null;
  deskAfter: string | null;
}

/**
 * Keeps the derived counts in step with changed mention edges, inside the caller's transaction:
 * entities' mentionCount (articles mentioning them), the co_mention pair counts and weights, and the
 * entity_desk counts (an entity's articles per desk). Every
 * writer (ingestion, relink, editors' mutations) funnels its changes through here. Deltas are summed
 * over the batch first, so a batch costs a few statements however many articles it holds.
 */
export async function applyEdgeChanges(runner: QueryRunner, changes: readonly EdgeChange[]): Promise<void> {
  const counts = new Map<number, number>();
  // Pair deltas by entity, then by other entity: an article of k entities makes k(k-1) of them, so
  // they are summed without building a string key for each.
  const pairs = new Map<number, Map<number, [number, number, number, number]>>();
  const pairsOf = (edges: ReadonlyMap<number, number>, sign: 1 | -1) => {
    const ids = [...edges.keys()];
    const weights = ids.map((id) => sign * Math.round((edges.get(id) as number) * 1000));
    for (const x of ids) {
      let row = pairs.get(x);
      if (!row) pairs.set(x, (row = new Map()));
      for (let j = 0; j < ids.length; j++) {
        const y = ids[j];
        if (x === y) continue;
        const entry = row.get(y);
        if (entry) {
          entry[2] += sign;
          entry[3] += weights[j];
        } else {
          row.set(y, [x, y, sign, weights[j]]);
        }
      }
    }
  };
  const desks = new Map<string, [number, string, number]>();
  const desk = (entityId: number, deskKey: string, delta: number) => {
    const key = `${entityId}:${deskKey}`;
    const entry = desks.get(key);
    if (entry) entry[2] += delta;
    else desks.set(key, [entityId, deskKey, delta]);
  };
  for (const { before, after, deskBefore, deskAfter } of changes) {
    if (deskBefore !== null) for (const id of before.keys()) desk(id, deskBefore, -1);
    if (deskAfter !== null) for (const id of after.keys()) desk(id, deskAfter, 1);
    for (const id of before.keys()) if (!after.has(id)) counts.set(id, (counts.get(id) ?? 0) - 1);
    for (const id of after.keys()) if (!before.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    pairsOf(before, -1);
    pairsOf(after, 1);
  }
  await adjustMentionCounts(runner, counts);
  await adjustDeskCounts(runner, [...desks.values()].filter(([, , d]) => d !== 0));
  // Sorted keys: concurrent transactions touch pair rows in the same order and cannot deadlock.
  const deltas: [number, number, number, number][] = [];
  for (const row of pairs.values()) for (const d of row.values()) if (d[2] !== 0 || d[3] !== 0) deltas.push(d);
  deltas.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (!deltas.length) return;
  const upsert = ` ON CONFLICT ("entityId", "otherId") DO UPDATE SET "count" = co_mention."count" + excluded."count", "weight" = co_mention."weight" + excluded."weight"`;
  const emptied = deltas.filter(([, , c]) => c < 0);
  if (dialectOf(runner.connection) === "postgres") {
    // One statement per batch: four arrays unnested into rows, instead of thousands of placeholders.
    // Each column a binary int4 array: nothing to print here or to parse in the server.
    const column = (k: number) => arrayParam("int", deltas.map((d) => d[k]));
    await runner.query(
      `INSERT INTO co_mention ("entityId", "otherId", "count", "weight") SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])${upsert}`,
      [column(0), column(1), column(2), column(3)],
    );
    if (emptied.length) {
      await runner.query(
        `DELETE FROM co_mention c USING unnest($1::int[], $2::int[]) AS e("entityId", "otherId") WHERE c."entityId" = e."entityId" AND c."otherId" = e."otherId" AND c."count" <= 0`,
        [arrayParam("int", emptied.map((d) => d[0])), arrayParam("int", emptied.map((d) => d[1]))],
      );
    }
    return;
  }
  for (let i = 0; i < deltas.length; i += 400) {
    const chunk = deltas.slice(i, i + 400);
    const values: number[] = [];
    for (const d of chunk) values.push(d[0], d[1], d[2], d[3]);
    const sql = `INSERT INTO co_mention ("entityId", "otherId", "count", "weight") VALUES ${new Array<string>(chunk.length).fill("(?, ?, ?, ?)").join(", ")}${upsert}`;
    await runner.query(sql, values);
  }
  for (let i = 0; i < emptied.length; i += 400) {
    const chunk = emptied.slice(i, i + 400);
    const p = new SqlParams("sqlite");
    const sql = `DELETE FROM co_mention WHERE "count" <= 0 AND ("entityId", "otherId") IN (${chunk.map(([x, y]) => `(${p.bind(x)}, ${p.bind(y)})`).join(", ")})`;
    await runner.query(sql, p.values);
  }
}

/**
 * Moves entity_desk counts by the given (entity, desk, delta) triples, in key order (no deadlocks
 * between concurrent writers), and removes rows that fall to zero.
 */
async function adjustDeskCounts(runner: QueryRunner, deltas: [number, string, number][]): Promise<void> {
  if (!deltas.length) return;
  deltas.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  await insertRows(
    runner,
    `INSERT INTO entity_desk ("entityId", "deskKey", "count")`,
    ["int", "text", "int"],
    deltas,
    ` ON CONFLICT ("entityId", "deskKey") DO UPDATE SET "count" = entity_desk."count" + excluded."count"`,
  );
  const emptied = deltas.filter(([, , d]) => d < 0);
  for (let i = 0; i < emptied.length; i += 400) {
    const chunk = emptied.slice(i, i + 400);
    await runSql(runner, (p) =>
      `DELETE FROM entity_desk WHERE "count" <= 0 AND "entityId" IN ${p.list([...new Set(chunk.map(([id]) => id))])} AND "deskKey" IN ${p.list([...new Set(chunk.map(([, key]) => key))])}`,
    );
  }
}
