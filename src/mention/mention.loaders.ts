import DataLoader from "dataloader";
import type { Context } from "../context";
import { groupByKey, MAX_KEYS_PER_LIST, selectIn } from "../db/batch";
import { Mention, MentionRole } from "./mention.entity";

function hydrateMention(row: Record<string, unknown>): Mention {
  return Object.assign(new Mention(), {
    articleId: Number(row.articleId),
    entityId: Number(row.entityId),
    publishedAt: new Date(Number(row.publishedAt)),
    count: Number(row.count),
    salience: Number(row.salience),
    role: row.role as MentionRole,
  });
}

/** Per-request loaders for mention edges. */
export function createMentionLoaders(ctx: Context) {
  return {
    /** An article's mentions, most salient first (ties: most frequent, then oldest entity). */
    mentionsByArticle: new DataLoader<number, Mention[]>(async (articleIds) => {
      const rows = await selectIn(
        ctx.db,
        articleIds,
        (list) => `SELECT * FROM mention WHERE "articleId" IN ${list()} ORDER BY salience DESC, "count" DESC, "entityId" ASC`,
      );
      return groupByKey(articleIds, rows.map(hydrateMention), (m) => m.articleId);
    }, { maxBatchSize: MAX_KEYS_PER_LIST }),
  };
}
