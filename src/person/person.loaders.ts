import type { Context } from "../context";
import { keyedConnectionLoaders } from "../db/batch";
import { dialectOf, type SqlParams } from "../db/sql";
import { EntityKind, type EntityStatus } from "../entity/entity.entity";
import type { PageRequest } from "../relay/connection";
import type { CursorSchema } from "../relay/cursor";

/** One page of people, optionally of one nationality and one status. */
export interface PeopleKey {
  nationalityId: number | null;
  status: EntityStatus | null;
  page: PageRequest;
}

/** Cursor tag of lists of people, ordered by (slug, id). */
export const PEOPLE_ORDER_TAG = "SLUG";
/** Key values of a country's people cursor: the slug and the id. */
export const PEOPLE_CURSOR: CursorSchema = ["string", "int32"];

/** Per-request loaders for people. */
export function createPersonLoaders(ctx: Context) {
  // Slugs compare byte by byte on both dialects: SQLite's default collation is binary, PostgreSQL's is
  // the database's locale (en_US ignores hyphens at first), so PostgreSQL gets COLLATE "C".
  const slug = dialectOf(ctx.db) === "postgres" ? `"slug" COLLATE "C"` : `"slug"`;
  const filters = (key: PeopleKey, p: SqlParams) => {
    const where = [`"kind" = ${p.bind(EntityKind.PERSON)}`];
    if (key.nationalityId !== null) where.push(`"nationalityId" = ${p.bind(key.nationalityId)}`);
    if (key.status !== null) where.push(`"status" = ${p.bind(key.status)}`);
    return where;
  };
  const people = keyedConnectionLoaders<PeopleKey>(ctx.db, {
    // Ordered by (slug, id): unique, stable under new mentions and renames of display names, and
    // walked along IDX_entity_nationality ("nationalityId", "slug", "id").
    page: (key, p) => {
      const where = filters(key, p);
      if (key.page.after) where.push(`(${slug}, "id") > (${p.bind(key.page.after[0])}, ${p.bind(key.page.after[1])})`);
      if (key.page.before) where.push(`(${slug}, "id") < (${p.bind(key.page.before[0])}, ${p.bind(key.page.before[1])})`);
      const dir = key.page.backward ? "DESC" : "ASC";
      return `SELECT * FROM entity WHERE ${where.join(" AND ")} ORDER BY ${slug} ${dir}, "id" ${dir} LIMIT ${key.page.limit + 1}`;
    },
    count: (key, p) => `SELECT COUNT(*) AS n FROM entity WHERE ${filters(key, p).join(" AND ")}`,
    pageKey: (key) => JSON.stringify(key),
    countKey: (key) => JSON.stringify([key.nationalityId, key.status]),
  });
  return { peoplePage: people.page, peopleCount: people.count };
}
