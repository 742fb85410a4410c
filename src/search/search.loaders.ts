import DataLoader from "dataloader";
import type { Context } from "../context";
import { queryPerKey } from "../db/batch";
import type { EntityBase } from "../entity/entity.entity";
import { hydrateEntity } from "../entity/entity.rows";

/** A folded name prefix (see nameKey) and how many entities to return. */
export interface EntityPrefixKey {
  prefix: string;
  limit: number;
}

/** Escapes LIKE wildcards in user text (with `ESCAPE '\'`). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The least string greater than every string that starts with `prefix`, in code point order. */
function prefixEnd(prefix: string): string | null {
  const chars = [...prefix];
  const last = chars.pop()?.codePointAt(0);
  return last === undefined || last >= 0x10ffff ? null : chars.join("") + String.fromCodePoint(last + 1);
}

/**
 * Entities with a lookup name (entity_name: names, aliases and slugs, folded) starting with each
 * prefix, deduplicated, most mentioned first. The range `key >= prefix AND key < prefixEnd` is a range
 * scan of entity_name's primary key (key, entityId) on both dialects; it is exact for code point order
 * (SQLite's BINARY, PostgreSQL's C and C.UTF-8 collations), and the LIKE after it keeps the answer exact
 * under other collations. All prefixes of a request level are one UNION ALL statement.
 */
async function loadEntitiesByPrefix(ctx: Context, keys: readonly EntityPrefixKey[]): Promise<EntityBase[][]> {
  const grouped = await queryPerKey(ctx.db, keys, ({ prefix, limit }, p) => {
    const end = prefixEnd(prefix);
    const range = `n."key" >= ${p.bind(prefix)}${end != null ? ` AND n."key" < ${p.bind(end)}` : ""}`;
    return (
      `SELECT e.* FROM entity e WHERE e."id" IN (SELECT n."entityId" FROM entity_name n WHERE ${range} AND n."key" LIKE ${p.bind(`${escapeLike(prefix)}%`)} ESCAPE '\\')` +
      ` ORDER BY e."mentionCount" DESC, e."id" ASC LIMIT ${limit}`
    );
  });
  return grouped.map((rows) =>
    rows
      .map((row) => {
        const entity = hydrateEntity(row);
        ctx.loaders.entityById.prime(entity.id, entity);
        return entity;
      })
      // UNION ALL does not keep each subquery's order.
      .sort((x, y) => y.mentionCount - x.mentionCount || x.id - y.id),
  );
}

/** Per-request loaders for search. */
export function createSearchLoaders(ctx: Context) {
  return {
    /** Entities whose names begin with a folded prefix, for `SearchResults.entities`. */
    entitiesByPrefix: new DataLoader<EntityPrefixKey, EntityBase[], string>((keys) => loadEntitiesByPrefix(ctx, keys), {
      cacheKeyFn: (key) => JSON.stringify([key.prefix, key.limit]),
      maxBatchSize: 100,
    }),
  };
}
