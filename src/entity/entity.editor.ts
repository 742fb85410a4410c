import type { QueryRunner } from "typeorm";
import type { Context } from "../context";
import { runSql } from "../db/sql";
import { BadUserInputError, DomainError } from "../errors/errors";
import { fromGlobalIdOf, toGlobalId, type NodeTypeName } from "../relay/global-id";
import { EntityBase, EntityKind, EntityStatus } from "./entity.entity";
import { hydrateEntity } from "./entity.rows";
import { lookupNames } from "./entity.service";
import { applyEdgeChanges } from "../mention/mention.service";


/** The entity behind an id of one of `types`, read inside a transaction; NOT_FOUND when there is none. */
export async function storedEntity(runner: QueryRunner, id: string, types: readonly NodeTypeName[], field: string): Promise<EntityBase> {
  const { type, key } = fromGlobalIdOf(id, types, field);
  const [row] = await runSql(runner, (p) => `SELECT * FROM entity WHERE "id" = ${p.bind(key)}`);
  const entity = row ? hydrateEntity(row) : null;
  if (!entity || entity.nodeType !== type) throw new DomainError("NOT_FOUND", `No ${type} has the id given in \`${field}\``, { field });
  return entity;
}

/** Rewrites the lookup names (entity_name rows) of entities whose names changed. */
export async function replaceEntityNames(runner: QueryRunner, entities: readonly Pick<EntityBase, "id" | "name" | "slug" | "aliases">[]): Promise<void> {
  if (!entities.length) return;
  await runSql(runner, (p) => `DELETE FROM entity_name WHERE "entityId" IN ${p.list(entities.map((e) => e.id))}`);
  const rows = entities.flatMap((e) => lookupNames(e).map((key) => [key, e.id] as const));
  for (let i = 0; i < rows.length; i += 400) {
    const chunk = rows.slice(i, i + 400);
    await runSql(runner, (p) => `INSERT INTO entity_name ("key", "entityId") VALUES ${chunk.map(([k, id]) => `(${p.bind(k)}, ${p.bind(id)})`).join(", ")}`);
  }
}

/** Refuses a slug or Wikidata id another entity of the kind already has. */
export async function checkUnique(runner: QueryRunner, kind: EntityKind, ownId: number | null, slug: string, wikidataId: string | null): Promise<void> {
  const [bySlug] = await runSql(runner, (p) => `SELECT "id" FROM entity WHERE "kind" = ${p.bind(kind)} AND "slug" = ${p.bind(slug)} AND "id" <> ${p.bind(ownId ?? 0)}`);
  if (bySlug) throw new BadUserInputError(`Another entity (${toGlobalId("Person", Number(bySlug.id))}) already has the slug "${slug}"; merge them or choose another name`, { field: "input.name" });
  if (wikidataId) {
    const [byWikidata] = await runSql(runner, (p) => `SELECT "id" FROM entity WHERE "wikidataId" = ${p.bind(wikidataId)} AND "id" <> ${p.bind(ownId ?? 0)}`);
    if (byWikidata) throw new BadUserInputError(`Another person already has the Wikidata id ${wikidataId}`, { field: "input.wikidataId" });
  }
}

/** Each article's entities with their salience, for the given articles. */
async function edgesOf(runner: QueryRunner, articleIds: readonly number[]): Promise<Map<number, Map<number, number>>> {
  const edges = new Map<number, Map<number, number>>(articleIds.map((id) => [id, new Map()]));
  for (let i = 0; i < articleIds.length; i += 500) {
    const chunk = articleIds.slice(i, i + 500);
    const rows = await runSql(runner, (p) => `SELECT "articleId", "entityId", "salience" FROM mention WHERE "articleId" IN ${p.list(chunk)}`);
    for (const r of rows) edges.get(Number(r.articleId))?.set(Number(r.entityId), Number(r.salience));
  }
  return edges;
}

/**
 * `mergeEntities`: folds `remove` into `keep` (same kind) in one transaction. Mentions move to
 * `keep` (an article that names both keeps one edge: counts added, the higher salience, ABOUT if
 * either was); `remove`'s name and aliases become aliases of `keep`; people of a merged country and
 * children of a merged topic follow; `remove` is deleted; `keep`'s mention count is recounted.
 */
export async function mergeEntities(ctx: Context, keepId: string, removeId: string): Promise<EntityBase> {
  const types: NodeTypeName[] = ["Person", "Country", "Topic"];
  const keepKey = await ctx.services.ingestion.edit(async (runner) => {
    const keep = await storedEntity(runner, keepId, types, "input.keep");
    const remove = await storedEntity(runner, removeId, types, "input.remove");
    if (keep.id === remove.id) throw new BadUserInputError("`keep` and `remove` are the same entity", { field: "input.remove" });
    if (keep.kind !== remove.kind) {
      throw new BadUserInputError(`Only entities of one kind merge: \`keep\` is a ${keep.nodeType}, \`remove\` a ${remove.nodeType}`, { field: "input.remove" });
    }
    // The edges of every article naming `remove`, before and after, for the derived counts.
    const affected = (await runSql(runner, (p) => `SELECT "articleId" FROM mention WHERE "entityId" = ${p.bind(remove.id)}`)).map((r) => Number(r.articleId));
    const before = await edgesOf(runner, affected);
    // Articles naming both: fold remove's edge into keep's.
    await runSql(runner, (p) =>
      `UPDATE mention SET "count" = "count" + (SELECT r."count" FROM mention r WHERE r."articleId" = mention."articleId" AND r."entityId" = ${p.bind(remove.id)}),` +
      ` "salience" = CASE WHEN "salience" >= (SELECT r."salience" FROM mention r WHERE r."articleId" = mention."articleId" AND r."entityId" = ${p.bind(remove.id)}) THEN "salience"` +
      ` ELSE (SELECT r."salience" FROM mention r WHERE r."articleId" = mention."articleId" AND r."entityId" = ${p.bind(remove.id)}) END,` +
      ` "role" = CASE WHEN "role" = 'ABOUT' OR EXISTS (SELECT 1 FROM mention r WHERE r."articleId" = mention."articleId" AND r."entityId" = ${p.bind(remove.id)} AND r."role" = 'ABOUT') THEN 'ABOUT' ELSE "role" END` +
      ` WHERE "entityId" = ${p.bind(keep.id)} AND EXISTS (SELECT 1 FROM mention r WHERE r."articleId" = mention."articleId" AND r."entityId" = ${p.bind(remove.id)})`,
    );
    await runSql(runner, (p) =>
      `DELETE FROM mention WHERE "entityId" = ${p.bind(remove.id)} AND EXISTS (SELECT 1 FROM mention k WHERE k."articleId" = mention."articleId" AND k."entityId" = ${p.bind(keep.id)})`,
    );
    await runSql(runner, (p) => `UPDATE mention SET "entityId" = ${p.bind(keep.id)} WHERE "entityId" = ${p.bind(remove.id)}`);
    const after = await edgesOf(runner, affected);
    const desks = await deskKeysOf(runner, affected);
    await applyEdgeChanges(
      runner,
      affected.map((id) => ({ before: before.get(id) ?? new Map(), after: after.get(id) ?? new Map(), deskBefore: desks.get(id) ?? null, deskAfter: desks.get(id) ?? null })),
    );
    await runSql(runner, (p) => `UPDATE entity SET "nationalityId" = ${p.bind(keep.id)} WHERE "nationalityId" = ${p.bind(remove.id)}`);
    // Topics: if `keep` sits below `remove`, it first takes `remove`'s place, so that re-parenting
    // `remove`'s children under it cannot close a cycle.
    if (keep.kind === EntityKind.TOPIC) {
      const ancestors: number[] = [];
      let parent = (await runSql(runner, (p) => `SELECT "parentId" FROM entity WHERE "id" = ${p.bind(keep.id)}`))[0]?.parentId as number | null;
      while (parent != null && !ancestors.includes(Number(parent))) {
        ancestors.push(Number(parent));
        parent = (await runSql(runner, (p) => `SELECT "parentId" FROM entity WHERE "id" = ${p.bind(Number(parent))}`))[0]?.parentId as number | null;
      }
      if (ancestors.includes(remove.id)) {
        await runSql(runner, (p) => `UPDATE entity SET "parentId" = (SELECT r."parentId" FROM entity r WHERE r."id" = ${p.bind(remove.id)}) WHERE "id" = ${p.bind(keep.id)}`);
      }
    }
    await runSql(runner, (p) => `UPDATE entity SET "parentId" = ${p.bind(keep.id)} WHERE "parentId" = ${p.bind(remove.id)} AND "id" <> ${p.bind(keep.id)}`);

    const aliases = [...new Set([...keep.aliases, remove.name, ...remove.aliases])].filter((a) => a !== keep.name);
    const removeRow = (await runSql(runner, (p) => `SELECT "wikidataId" FROM entity WHERE "id" = ${p.bind(remove.id)}`))[0];
    const keepRow = (await runSql(runner, (p) => `SELECT "wikidataId" FROM entity WHERE "id" = ${p.bind(keep.id)}`))[0];
    await runSql(runner, (p) => `DELETE FROM entity WHERE "id" = ${p.bind(remove.id)}`);
    const status = keep.status === EntityStatus.VERIFIED || remove.status === EntityStatus.VERIFIED ? EntityStatus.VERIFIED : EntityStatus.UNVERIFIED;
    await runSql(runner, (p) =>
      `UPDATE entity SET "aliases" = ${p.bind(JSON.stringify(aliases))}, "status" = ${p.bind(status)}, "updatedAt" = ${p.bind(Date.now())},` +
      ` "wikidataId" = ${p.bind(keepRow?.wikidataId ?? removeRow?.wikidataId ?? null)},` +
      ` "mentionCount" = (SELECT COUNT(*) FROM mention m WHERE m."entityId" = ${p.bind(keep.id)}) WHERE "id" = ${p.bind(keep.id)}`,
    );
    await replaceEntityNames(runner, [{ ...keep, aliases }]);
    return keep.id;
  });
  ctx.loaders.entityById.clearAll();
  ctx.loaders.mentionsByArticle.clearAll();
  return (await ctx.loaders.entityById.load(keepKey)) as EntityBase;
}

/** The folded desk of each of these articles (for the entity_desk counts their edges feed). */
async function deskKeysOf(runner: QueryRunner, articleIds: readonly number[]): Promise<Map<number, string | null>> {
  const desks = new Map<number, string | null>();
  for (let i = 0; i < articleIds.length; i += 500) {
    const chunk = articleIds.slice(i, i + 500);
    for (const r of await runSql(runner, (p) => `SELECT "id", "deskKey" FROM article WHERE "id" IN ${p.list(chunk)}`)) {
      desks.set(Number(r.id), (r.deskKey as string | null) ?? null);
    }
  }
  return desks;
}
