import DataLoader from "dataloader";
import type { Context } from "../context";
import { coMentionProbeSql, settleOrSortCoMentions, toCoMentionRow, type CoMentionRow, type TopCoMentions } from "../mention/co-mention.ranking";
import { byKey, groupByKey, keyedCountLoader, MAX_KEYS_PER_LIST, queryPerKey, selectIn } from "../db/batch";
import type { SqlParams } from "../db/sql";
import type { PageRequest } from "../relay/connection";
import { EntityBase, EntityKind } from "./entity.entity";
import { hydrateEntity } from "./entity.rows";

/** One entity's co-mentioned entities, optionally of one kind. */
export interface CoMentionKey {
  entityId: number;
  kind: EntityKind | null;
  page: PageRequest;
}

/** Escapes LIKE wildcards in user text (with `ESCAPE '\'`). */
function likePrefix(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Per-request loaders for entities of every kind, by key, slug, code and name. */
export function createEntityLoaders(ctx: Context) {
  const hydrate = (rows: Record<string, unknown>[]) => rows.map(hydrateEntity);

  // One primary-key range of co_mention (the entity's pairs, kept up to date on every write by
  // applyEdgeChanges), sorted: nothing is aggregated over articles at read time. Ties in shared
  // articles go to the entity more prominent in them (`weight`: its salience summed in thousandths).
  // Placeholders are bound in text order: SQLite's `?` are positional.
  const pageSql = (key: CoMentionKey, p: SqlParams) => {
    let sql = `SELECT c."otherId" AS "entityId", c."count" AS n, c."weight" AS s, CAST(NULL AS INTEGER) AS m FROM co_mention c`;
    if (key.kind) sql += ` JOIN entity e ON e."id" = c."otherId" AND e."kind" = ${p.bind(key.kind)}`;
    const where = [`c."entityId" = ${p.bind(key.entityId)}`];
    // Display order is (count DESC, weight DESC, id ASC); "after" rows come later in it, "before" rows earlier.
    const beyond = ([n, w, i]: (number | string)[], later: boolean) => {
      const [lt, gt] = later ? ["<", ">"] : [">", "<"];
      return `(c."count" ${lt} ${p.bind(n)} OR (c."count" = ${p.bind(n)} AND (c."weight" ${lt} ${p.bind(w)} OR (c."weight" = ${p.bind(w)} AND c."otherId" ${gt} ${p.bind(i)}))))`;
    };
    if (key.page.after) where.push(beyond(key.page.after, true));
    if (key.page.before) where.push(beyond(key.page.before, false));
    const order = key.page.backward ? `c."count" ASC, c."weight" ASC, c."otherId" DESC` : `c."count" DESC, c."weight" DESC, c."otherId" ASC`;
    return `${sql} WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${key.page.limit + 1}`;
  };
  // The first page starts from the most mentioned entities, which usually settle it (coMentionProbeSql).
  const firstPage = (key: CoMentionKey): TopCoMentions | null =>
    !key.page.after && !key.page.before && !key.page.backward ? { entityId: key.entityId, kind: key.kind, limit: key.page.limit + 1, order: "count-weight-id" } : null;
  const coMentionPage = new DataLoader<CoMentionKey, CoMentionRow[], string>(
    async (keys) => {
      const rows = await queryPerKey(ctx.db, keys, (key, p) => {
        const first = firstPage(key);
        return first ? coMentionProbeSql(p, first.entityId, first.kind) : pageSql(key, p);
      });
      const firsts = keys.flatMap((key, i) => {
        const first = firstPage(key);
        return first ? [{ i, first }] : [];
      });
      const settled = await settleOrSortCoMentions(ctx.db, firsts.map((f) => f.first), firsts.map((f) => rows[f.i]));
      const pages: CoMentionRow[][] = rows.map((found) => found.map(toCoMentionRow));
      firsts.forEach((f, j) => (pages[f.i] = settled[j]));
      return pages;
    },
    { cacheKeyFn: (key) => JSON.stringify(key), maxBatchSize: 100 },
  );
  const coMentionCount = keyedCountLoader<CoMentionKey>(
    ctx.db,
    (key, p) =>
      `SELECT COUNT(*) AS n FROM co_mention c` +
      (key.kind ? ` JOIN entity e ON e."id" = c."otherId" AND e."kind" = ${p.bind(key.kind)}` : "") +
      ` WHERE c."entityId" = ${p.bind(key.entityId)}`,
    (key) => JSON.stringify([key.entityId, key.kind]),
  );

  // Lookups by key list: a batch never binds more keys than one IN list holds.
  const byList = { maxBatchSize: MAX_KEYS_PER_LIST };
  const entityById = new DataLoader<number, EntityBase | null>(async (ids) => {
    const rows = await selectIn(ctx.db, ids, (list) => `SELECT * FROM entity WHERE "id" IN ${list()}`);
    return byKey(ids, hydrate(rows), (e) => e.id);
  }, byList);
  // An entity found by slug or code is the same object later fields ask for by id (a person page's
  // articles need its mention count): without this, one more statement per request.
  const primed = (entities: EntityBase[]) => {
    for (const entity of entities) entityById.prime(entity.id, entity);
    return entities;
  };
  return {
    entityById,
    /** Key: "KIND:slug". */
    entityBySlug: new DataLoader<string, EntityBase | null>(async (keys) => {
      const slugs = keys.map((k) => k.slice(k.indexOf(":") + 1));
      const rows = await selectIn(ctx.db, slugs, (list) => `SELECT * FROM entity WHERE "slug" IN ${list()}`);
      return byKey(keys, primed(hydrate(rows)), (e) => `${e.kind}:${e.slug}`);
    }, byList),
    /** Key: an upper-case ISO 3166-1 alpha-2 or alpha-3 code. */
    countryByCode: new DataLoader<string, EntityBase | null>(async (codes) => {
      const rows = primed(hydrate(
        await selectIn(ctx.db, codes, (list, p) =>
          `SELECT * FROM entity WHERE "kind" = ${p.bind(EntityKind.COUNTRY)} AND ("code" IN ${list()} OR "alpha3" IN ${list()})`,
        ),
      )) as (EntityBase & { code: string; alpha3: string })[];
      return codes.map((code) => rows.find((c) => c.code === code || c.alpha3 === code) ?? null);
    }, byList),
    /** Key: a folded name (see nameKey); value: keys of every entity answering to it. */
    entityIdsByName: new DataLoader<string, number[]>(async (names) => {
      const rows = await selectIn(ctx.db, names, (list) => `SELECT "key", "entityId" FROM entity_name WHERE "key" IN ${list()}`);
      return groupByKey(names, rows, (r) => r.key as string).map((group) => group.map((r) => Number(r.entityId)));
    }, byList),
    /** Key: a folded name that matched nothing; value: up to five names sharing a word's beginning. */
    entityNameSuggestions: new DataLoader<string, string[]>((names) =>
      queryPerKey(ctx.db, names, (name, p) => {
        const words = name.split(" ").filter((w) => w.length >= 3).slice(0, 4);
        const probes = (words.length ? words : [name]).map((w) => {
          const prefix = likePrefix(w.slice(0, 3));
          return `n."key" LIKE ${p.bind(`${prefix}%`)} ESCAPE '\\' OR n."key" LIKE ${p.bind(`% ${prefix}%`)} ESCAPE '\\'`;
        });
        return (
          `SELECT e."name" AS name, MAX(e."mentionCount") AS weight FROM entity_name n JOIN entity e ON e."id" = n."entityId"` +
          ` WHERE ${probes.join(" OR ")} GROUP BY e."id", e."name" ORDER BY weight DESC, name ASC LIMIT 5`
        );
      }).then((groups) => groups.map((rows) => rows.map((r) => r.name as string))),
      // Each name is a subquery of a UNION ALL; queryPerKey splits larger batches anyway.
      { maxBatchSize: 100 },
    ),
    coMentionPage,
    coMentionCount,
  };
}
