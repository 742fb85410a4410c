import DataLoader from "dataloader";
import type { Context } from "../context";
import { groupByKey, MAX_KEYS_PER_LIST, selectIn } from "../db/batch";
import { hydrateEntity } from "../entity/entity.rows";
import { Mention, MentionRole } from "./mention.entity";

/** A mention row as mentionsByArticle selects it: its own columns under an `m_` prefix, then `e.*`. */
function hydrateMention(row: Record<string, unknown>): Mention {
  return Object.assign(new Mention(), {
    articleId: Number(row.m_articleId),
    entityId: Number(row.m_entityId),
    publishedAt: new Date(Number(row.m_publishedAt)),
    count: Number(row.m_count),
    salience: Number(row.m_salience),
    role: row.m_role as MentionRole,
  });
}

/** Per-request loaders for mention edges. */
export function createMentionLoaders(ctx: Context) {
  return {
    /** An article's mentions, most salient first (ties: most frequent, then oldest entity). */
    mentionsByArticle: new DataLoader<number, Mention[]>(async (articleIds) => {
      // With the entities mentioned: whatever reads an article's mentions (its mentions, people,
      // countries and topics, its related stories) asks for them next, so they come in the same
      // statement and prime entityById instead of costing one more.
      const rows = await selectIn(
        ctx.db,
        articleIds,
        (list) =>
          `SELECT m."articleId" AS "m_articleId", m."entityId" AS "m_entityId", m."publishedAt" AS "m_publishedAt", m."count" AS "m_count",` +
          ` m."salience" AS "m_salience", m."role" AS "m_role", e.* FROM mention m JOIN entity e ON e."id" = m."entityId"` +
          ` WHERE m."articleId" IN ${list()} ORDER BY m."salience" DESC, m."count" DESC, m."entityId" ASC`,
      );
      for (const row of rows) {
        const entity = hydrateEntity(row);
        ctx.loaders.entityById.prime(entity.id, entity);
      }
      return groupByKey(articleIds, rows.map(hydrateMention), (m) => m.articleId);
    }, { maxBatchSize: MAX_KEYS_PER_LIST }),
  };
}
