import type { Context } from "../context";
import { keyedConnectionLoaders } from "../db/batch";
import { EntityKind } from "../entity/entity.entity";
import type { PageRequest } from "../relay/connection";

/** One country's people, one page. */
export interface PeopleOfCountryKey {
  countryId: number;
  page: PageRequest;
}

/** Per-request loaders for people. */
export function createPersonLoaders(ctx: Context) {
  const people = keyedConnectionLoaders<PeopleOfCountryKey>(ctx.db, {
    // Ordered by (name, id): stable under new mentions, so cursors keep their place.
    page: (key, p) => {
      const where = [`"kind" = ${p.bind(EntityKind.PERSON)}`, `"nationalityId" = ${p.bind(key.countryId)}`];
      if (key.page.after) where.push(`("name", "id") > (${p.bind(key.page.after[0])}, ${p.bind(key.page.after[1])})`);
      if (key.page.before) where.push(`("name", "id") < (${p.bind(key.page.before[0])}, ${p.bind(key.page.before[1])})`);
      const dir = key.page.backward ? "DESC" : "ASC";
      return `SELECT * FROM entity WHERE ${where.join(" AND ")} ORDER BY "name" ${dir}, "id" ${dir} LIMIT ${key.page.limit + 1}`;
    },
    count: (key, p) =>
      `SELECT COUNT(*) AS n FROM entity WHERE "kind" = ${p.bind(EntityKind.PERSON)} AND "nationalityId" = ${p.bind(key.countryId)}`,
    pageKey: (key) => JSON.stringify(key),
    countKey: (key) => String(key.countryId),
  });
  return { peopleOfCountryPage: people.page, peopleOfCountryCount: people.count };
}
