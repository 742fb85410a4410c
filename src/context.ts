import type { DataSource } from "typeorm";
import { createArticleLoaders } from "./article/article.loaders";
import { createEntityLoaders } from "./entity/entity.loaders";
import { createMentionLoaders } from "./mention/mention.loaders";
import { createPersonLoaders } from "./person/person.loaders";
import { createTopicLoaders } from "./topic/topic.loaders";

/** All per-request DataLoaders, typed. */
export type Loaders = ReturnType<typeof createArticleLoaders> &
  ReturnType<typeof createEntityLoaders> &
  ReturnType<typeof createMentionLoaders> &
  ReturnType<typeof createPersonLoaders> &
  ReturnType<typeof createTopicLoaders>;

/** What every resolver and service receives: the database and this request's loaders. */
export interface Context {
  db: DataSource;
  loaders: Loaders;
}

/**
 * Builds the context of one request. Loaders are made afresh each time (never shared between
 * requests), so their caches hold only what this request read.
 */
export function createContext(db: DataSource): Context {
  const ctx = { db } as Context;
  ctx.loaders = {
    ...createArticleLoaders(ctx),
    ...createEntityLoaders(ctx),
    ...createMentionLoaders(ctx),
    ...createPersonLoaders(ctx),
    ...createTopicLoaders(ctx),
  };
  return ctx;
}
