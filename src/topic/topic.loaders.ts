import DataLoader from "dataloader";
import type { Context } from "../context";
import { groupByKey, MAX_KEYS_PER_LIST, selectIn } from "../db/batch";
import { EntityKind } from "../entity/entity.entity";
import { hydrateEntity } from "../entity/entity.rows";
import type { Topic } from "./topic.entity";

/** Per-request loaders for the topic tree. */
export function createTopicLoaders(ctx: Context) {
  return {
    /** A topic's direct children, by name. */
    topicChildren: new DataLoader<number, Topic[]>(async (parentIds) => {
      const rows = await selectIn(
        ctx.db,
        parentIds,
        (list, p) => `SELECT * FROM entity WHERE "kind" = ${p.bind(EntityKind.TOPIC)} AND "parentId" IN ${list()} ORDER BY "name", "id"`,
      );
      return groupByKey(parentIds, rows.map(hydrateEntity) as Topic[], (t) => t.parentId as number);
    }, { maxBatchSize: MAX_KEYS_PER_LIST }),
  };
}
