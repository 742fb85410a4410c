import type { Context } from "../context";
import type { SqlParams } from "../db/sql";
import { queryPerKey } from "../db/batch";
import { exactlyOne } from "../relay/lookup";
import { fromGlobalIdOf, type NodeTypeName } from "../relay/global-id";
import { pageRequest, type KeyedNode, type PageRequest } from "../relay/connection";
import { resolveEntityNames } from "../entity/entity.service";
import { nameKey } from "../entity/entity.rows";
import { Article } from "./article.entity";
import { hydrateArticle } from "./article.rows";
import { OrderDirection, type ArticleConnectionArgs, type ArticleFilter } from "./article.inputs";
import { ArticleConnection } from "./article.types";

/** Entity types a mention filter may name. */
const ENTITY_TYPES: readonly NodeTypeName[] = ["Person", "Country", "Topic"];

/** Cursor tag of the only article ordering so far; cursors of either direction share it. */
const ORDER_TAG = "PUBLISHED_AT";

/**
 * A filter with names and ids resolved to entity keys: what the SQL is built from.
 * `scope` (an entity whose articles these are) is added per key when batching.
 */
export interface ArticleQuery {
  all: number[];
  any: number[];
  none: number[];
  from: number | null;
  to: number | null;
  desk: string | null;
  ascending: boolean;
}

/** Article rows a page needs, keyed by (scope, query, page); batched across scopes by the loaders. */
export interface ArticlePageKey {
  scope: number | null;
  query: ArticleQuery;
  page: PageRequest;
}

function entityKeys(ids: readonly string[] | null | undefined, argumentName: string): number[] {
  return [...new Set((ids ?? []).map((id) => fromGlobalIdOf(id, ENTITY_TYPES, argumentName).key))];
}

/** Resolves a client's filter (global ids, names) into an ArticleQuery; unknown names are BAD_USER_INPUT. */
export async function resolveArticleQuery(ctx: Context, args: ArticleConnectionArgs): Promise<ArticleQuery> {
  const filter: ArticleFilter = args.filter ?? {};
  const named = filter.mentioning?.length ? await resolveEntityNames(ctx, filter.mentioning, "mentioning") : [];
  const from = filter.publishedAfter?.getTime() ?? null;
  const to = filter.publishedBefore?.getTime() ?? null;
  return {
    all: [...new Set([...entityKeys(filter.mentionsAll, "mentionsAll"), ...named])],
    any: entityKeys(filter.mentionsAny, "mentionsAny"),
    none: entityKeys(filter.mentionsNone, "mentionsNone"),
    from,
    to,
    desk: filter.desk?.trim() ? nameKey(filter.desk) : null,
    ascending: args.orderBy?.direction === OrderDirection.ASC,
  };
}

/**
 * Lists articles as a connection: `Query.articles` (scope null) or an entity's articles (scope = its key).
 * Rows and counts come from per-request loaders, so many entities' article pages cost one statement.
 */
export async function articleConnection(ctx: Context, args: ArticleConnectionArgs, scope: number | null) {
  const page = pageRequest(args, ORDER_TAG, ["int53", "int32"]);
  const query = await resolveArticleQuery(ctx, args);
  const rows = await ctx.loaders.articlePage.load({ scope, query, page });
  return ArticleConnection.from({
    rows,
    page,
    tag: ORDER_TAG,
    count: () => ctx.loaders.articleCount.load({ scope, query, page }),
  });
}

/** Whether the query constrains nothing beyond its scope, so an entity's stored count answers it. */
export function isUnconstrained(query: ArticleQuery): boolean {
  return !query.all.length && !query.any.length && !query.none.length && query.from == null && query.to == null && !query.desk;
}

/**
 * FROM and WHERE of an article query. With entity conditions it walks the mention index of the
 * rarest required entity ("driver") newest first, probing the others by primary key with EXISTS:
 * a bounded index walk however large the archive. Without, it walks article's (publishedAt, id) index.
 */
function fromWhere(p: SqlParams, q: ArticleQuery, scope: number | null, counts: Map<number, number>, withArticle: boolean) {
  const required = scope != null ? [scope, ...q.all.filter((e) => e !== scope)] : q.all;
  const driver = required.length
    ? required.reduce((best, e) => ((counts.get(e) ?? 0) < (counts.get(best) ?? 0) ? e : best))
    : null;
  const pub = driver != null ? `m0."publishedAt"` : `a."publishedAt"`;
  const id = driver != null ? `m0."articleId"` : `a."id"`;
  const joinArticle = withArticle || q.desk != null;
  const from =
    driver != null ? `mention m0${joinArticle ? ` JOIN article a ON a."id" = m0."articleId"` : ""}` : `article a`;
  const where: string[] = [];
  if (driver != null) where.push(`m0."entityId" = ${p.bind(driver)}`);
  required
    .filter((e) => e !== driver)
    .forEach((e, i) =>
      where.push(`EXISTS (SELECT 1 FROM mention r${i} WHERE r${i}."articleId" = ${id} AND r${i}."entityId" = ${p.bind(e)})`),
    );
  if (q.any.length) where.push(`EXISTS (SELECT 1 FROM mention ma WHERE ma."articleId" = ${id} AND ma."entityId" IN ${p.list(q.any)})`);
  if (q.none.length) where.push(`NOT EXISTS (SELECT 1 FROM mention mn WHERE mn."articleId" = ${id} AND mn."entityId" IN ${p.list(q.none)})`);
  if (q.from != null) where.push(`${pub} >= ${p.bind(q.from)}`);
  if (q.to != null) where.push(`${pub} < ${p.bind(q.to)}`);
  if (q.desk != null) where.push(`a."deskKey" = ${p.bind(q.desk)}`);
  return { from, where, pub, id };
}

function whereSql(where: string[]): string {
  return where.length ? ` WHERE ${where.join(" AND ")}` : "";
}

/** One page of one scope: `limit + 1` rows in fetch order, past the cursors. */
function pageSql(p: SqlParams, key: ArticlePageKey, counts: Map<number, number>): string {
  const { query: q, page } = key;
  const { from, where, pub, id } = fromWhere(p, q, key.scope, counts, true);
  // "after" means later in display order; a backward page is fetched in reverse and flipped later.
  const descending = !q.ascending;
  const afterOp = descending ? "<" : ">";
  const beforeOp = descending ? ">" : "<";
  if (page.after) where.push(`(${pub}, ${id}) ${afterOp} (${p.bind(page.after[0])}, ${p.bind(page.after[1])})`);
  if (page.before) where.push(`(${pub}, ${id}) ${beforeOp} (${p.bind(page.before[0])}, ${p.bind(page.before[1])})`);
  const fetchDescending = descending !== page.backward;
  const dir = fetchDescending ? "DESC" : "ASC";
  return `SELECT a.* FROM ${from}${whereSql(where)} ORDER BY ${pub} ${dir}, ${id} ${dir} LIMIT ${page.limit + 1}`;
}

function countSql(p: SqlParams, key: ArticlePageKey, counts: Map<number, number>): string {
  const { from, where } = fromWhere(p, key.query, key.scope, counts, false);
  return `SELECT COUNT(*) AS n FROM ${from}${whereSql(where)}`;
}

/** Mention counts of every entity the keys require, to pick each query's driver. */
async function mentionCounts(ctx: Context, keys: readonly ArticlePageKey[]): Promise<Map<number, number>> {
  const ids = [...new Set(keys.flatMap((k) => (k.scope != null ? [k.scope, ...k.query.all] : k.query.all)))];
  const entities = await ctx.loaders.entityById.loadMany(ids);
  const counts = new Map<number, number>();
  entities.forEach((e, i) => counts.set(ids[i], e && !(e instanceof Error) ? e.mentionCount : 0));
  return counts;
}

/** Batch function of the articlePage loader: one statement for all keys. */
export async function loadArticlePages(ctx: Context, keys: readonly ArticlePageKey[]): Promise<KeyedNode<Article>[][]> {
  const counts = await mentionCounts(ctx, keys);
  const grouped = await queryPerKey(ctx.db, keys, (key, p) => pageSql(p, key, counts));
  return grouped.map((rows, i) => {
    const sign = (keys[i].query.ascending ? 1 : -1) * (keys[i].page.backward ? -1 : 1);
    return rows
      .map((row) => {
        const node = hydrateArticle(row);
        ctx.loaders.articleById.prime(node.id, node);
        return { node, key: [node.publishedAt.getTime(), node.id] };
      })
      .sort((x, y) => sign * (x.key[0] - y.key[0] || x.key[1] - y.key[1]));
  });
}

/** Batch function of the articleCount loader. An entity's unfiltered count is its stored mentionCount. */
export async function loadArticleCounts(ctx: Context, keys: readonly ArticlePageKey[]): Promise<number[]> {
  const counts = await mentionCounts(ctx, keys);
  const result = keys.map((k) => (k.scope != null && isUnconstrained(k.query) ? counts.get(k.scope) ?? 0 : null));
  const pending = keys.map((k, i) => ({ k, i })).filter(({ i }) => result[i] === null);
  const grouped = await queryPerKey(ctx.db, pending.map(({ k }) => k), (key, p) => countSql(p, key, counts));
  pending.forEach(({ i }, j) => (result[i] = Number(grouped[j][0]?.n ?? 0)));
  return result as number[];
}

/** Cache key of an article page or count: equal keys share one fetch within a request. */
export function articlePageCacheKey(key: ArticlePageKey): string {
  return JSON.stringify([key.scope, key.query, key.page]);
}

/** Finds one article by exactly one of id, slug or url; null when there is none. */
export async function findArticle(ctx: Context, by: { id?: string | null; slug?: string | null; url?: string | null }) {
  const [argument, value] = exactlyOne(by);
  if (argument === "id") return ctx.loaders.articleById.load(fromGlobalIdOf(value, ["Article"]).key);
  return argument === "slug" ? ctx.loaders.articleBySlug.load(value) : ctx.loaders.articleByUrl.load(value);
}
