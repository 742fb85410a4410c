import type { Context } from "../context";
import { keyedConnectionLoaders } from "../db/batch";
import { dialectOf } from "../db/sql";
import { EntityKind } from "../entity/entity.entity";
import type { PageRequest } from "../relay/connection";
import type { CursorSchema } from "../relay/cursor";

/** One country's people, one page. */
export interface PeopleOfCountryKey {
  countryId: number;
  page: PageRequest;
}

/** Cursor tag of a country's people, ordered by (slug, id). */
export const PEOPLE_ORDER_TAG = "SLUG";
/** Key values of a country's people cursor: the slug and the id. */
export const PEOPLE_CURSOR: CursorSchema = ["string", "int32"];

/** Per-request loaders for people. */
export function createPersonLoaders(ctx: Context) {
  // Slugs compare byte by byte on both dialects: SQLite's default collation is binary, PostgreSQL's is
  // the database's locale (en_US ignores hyphens at first), so PostgreSQL gets COLLATE "C".
  const slug = dialectOf(ctx.db) === "postgres" ? `"slug" COLLATE "C"` : `"slug"`;
  const people = keyedConnectionLoaders<PeopleOfCountryKey>(ctx.db, {
    // Ordered by (slug, id): unique, stable under new mentions and renames of display names, and
    // walked along IDX_entity_nationality ("nationalityId", "slug", "id").
    page: (key, p) => {
      const where = [`"kind" = ${p.bind(EntityKind.PERSON)}`, `"nationalityId" = ${p.bind(key.countryId)}`];
      if (key.page.after) where.push(`(${slug}, "id") > (${p.bind(key.page.after[0])}, ${p.bind(key.page.after[1])})`);
      if (key.page.before) where.push(`(${slug}, "id") < (${p.bind(key.page.before[0])}, ${p.bind(key.page.before[1])})`);
      const dir = key.page.backward ? "DESC" : "ASC";
      return `SELECT * FROM entity WHERE ${where.join(" AND ")} ORDER BY ${slug} ${dir}, "id" ${dir} LIMIT ${key.page.limit + 1}`;
    },
    count: (key, p) =>
      `SELECT COUNT(*) AS n FROM entity WHERE "kind" = ${p.bind(EntityKind.PERSON)} AND "nationalityId" = ${p.bind(key.countryId)}`,
    pageKey: (key) => JSON.stringify(key),
    countKey: (key) => String(key.countryId),
  });
  return { peopleOfCountryPage: people.page, peopleOfCountryCount: people.count };
}
