import type { Context } from "../context";
import { EntityBase, EntityKind } from "../entity/entity.entity";
import type { EntityManager } from "typeorm";
import { Mention } from "./mention.entity";
import { dialectOf, SqlParams } from "../db/sql";

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
