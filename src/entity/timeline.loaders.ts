import DataLoader from "dataloader";
import type { Context } from "../context";
import { queryPerKey, type BatchRow } from "../db/batch";
import { timelineSql, type TimelineKey } from "./timeline.service";

/**
 * Per-request loaders for timelines: every entity's timeline asked for in one request (each person
 * of each article on a page) is counted by one UNION ALL statement, a subquery per entity walking
 * its own range of the mention index.
 */
export function createTimelineLoaders(ctx: Context) {
  return {
    /** Rows (`bucket`, `n`) of an entity's timeline that have articles; see timelineSql. */
    timelineCounts: new DataLoader<TimelineKey, BatchRow[], string>((keys) => queryPerKey(ctx.db, keys, timelineSql), {
      cacheKeyFn: (key) => JSON.stringify([key.entityId, key.interval, key.from, key.to]),
    }),
  };
}
