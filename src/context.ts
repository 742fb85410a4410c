import type { DataSource } from "typeorm";
import type { Authentication } from "./auth/auth";
import type { RequestRecord } from "./ops/request";
import { IngestionService } from "./ingest/ingestion.service";
import { createArticleLoaders } from "./article/article.loaders";
import { createEntityLoaders } from "./entity/entity.loaders";
import { createMentionLoaders } from "./mention/mention.loaders";
import { createPersonLoaders } from "./person/person.loaders";
import { createTopicLoaders } from "./topic/topic.loaders";
import { createSearchLoaders } from "./search/search.loaders";
import { createTimelineLoaders } from "./entity/timeline.loaders";
import { createRelatedLoaders } from "./article/related.loaders";

/** All per-request DataLoaders, typed. */
export type Loaders = ReturnType<typeof createArticleLoaders> &
  ReturnType<typeof createEntityLoaders> &
  ReturnType<typeof createMentionLoaders> &
  ReturnType<typeof createPersonLoaders> &
  ReturnType<typeof createTopicLoaders> &
  ReturnType<typeof createSearchLoaders> &
  ReturnType<typeof createTimelineLoaders> &
  ReturnType<typeof createRelatedLoaders>;

/** What every resolver and service receives: the database, this request's loaders and who asks. */
export interface Context {
  db: DataSource;
  loaders: Loaders;
  /** The request's bearer token, verified (reads ignore it; mutations require an editor). */
  auth: Authentication;
  /** Shared services of the process (the ingestion pipeline for `ingestArticle`). */
  services: Services;
  /** The HTTP request's record (id, deadline, what its log line says); absent outside HTTP. */
  request?: RequestRecord;
  /** Who the request's cost is charged to (rate limits); absent outside HTTP. */
  client?: string;
}

/** Long-lived services a request may use, made once per process. */
export interface Services {
  ingestion: IngestionService;
}

/**
 * Builds the context of one request. Loaders are made afresh each time (never shared between
 * requests), so their caches hold only what this request read.
 */
export function createContext(
  db: DataSource,
  services: Services = { ingestion: new IngestionService(db, "UTC") },
  auth: Authentication = { viewer: null, problem: null },
): Context {
  const ctx = { db, services, auth } as Context;
  ctx.loaders = {
    ...createArticleLoaders(ctx),
    ...createEntityLoaders(ctx),
    ...createMentionLoaders(ctx),
    ...createPersonLoaders(ctx),
    ...createTopicLoaders(ctx),
    ...createSearchLoaders(ctx),
    ...createTimelineLoaders(ctx),
    ...createRelatedLoaders(ctx),
  };
  return ctx;
}
