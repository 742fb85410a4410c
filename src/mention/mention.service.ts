import type { Context } from "../context";
import { EntityBase, EntityKind } from "../entity/entity.entity";
import type { Mention } from "./mention.entity";

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
