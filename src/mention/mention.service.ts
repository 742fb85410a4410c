import type { Context } from "../context";
import { EntityBase, EntityKind } from "../entity/entity.entity";
import type { EntityManager } from "typeorm";
import { Mention } from "./mention.entity";
import { dialectOf, SqlParams } from "../db/sql";
import type { Link } from "../ingest/linker";

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

/**
 * Replaces an article's mention edges with `links` and refreshes the stored mentionCount of every
 * entity whose edges changed. Runs inside the caller's transaction.
 */
export async function replaceMentions(manager: EntityManager, article: { id: number; publishedAt: Date }, links: readonly Link[]): Promise<void> {
  const params = new SqlParams(dialectOf(manager.connection));
  const previous: { entityId: number }[] = await manager.query(
    `SELECT "entityId" FROM mention WHERE "articleId" = ${params.bind(article.id)}`,
    params.values,
  );
  await manager.delete(Mention, { articleId: article.id });
  if (links.length) {
    await manager.insert(
      Mention,
      links.map((l) => ({ articleId: article.id, entityId: l.entityId, publishedAt: article.publishedAt, count: l.count, salience: l.salience, role: l.role })),
    );
  }
  const touched = [...new Set([...previous.map((p) => Number(p.entityId)), ...links.map((l) => l.entityId)])];
  await refreshMentionCounts(manager, touched);
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
