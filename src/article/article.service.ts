import type { Context } from "../context";
import type { SqlParams } from "../db/sql";
import { queryPerKey } from "../db/batch";
import { BadUserInputError, DomainError } from "../errors/errors";
import { exactlyOne } from "../relay/lookup";
import { fromGlobalIdOf, toGlobalId, type NodeTypeName } from "../relay/global-id";
import type { CursorSchema } from "../relay/cursor";
import { pageRequest, type KeyedNode, type PageRequest } from "../relay/connection";
import { resolveEntityNames } from "../entity/entity.service";
import { nameKey } from "../entity/entity.rows";
import { parseSearchQuery, RELEVANCE_CANDIDATES, toFts5Match, toTsQuery, toTsQueryRanking, toTsQueryWords, type SearchQuery } from "../search/search-query";
import { Article } from "./article.entity";
import { articleListColumns, hydrateArticle } from "./article.rows";
import { ArticleOrderField, MAX_FILTER_ENTITIES, OrderDirection, type ArticleConnectionArgs, type ArticleFilter } from "./article.inputs";
import { ArticleConnection } from "./article.types";

/** Entity types a mention filter may name. */
const ENTITY_TYPES: readonly NodeTypeName[] = ["Person", "Country", "Topic"];

/**
 * Article orderings, each with its own cursors (tag and key values); cursors of either direction share
 * them. RANK keys are (relevance scaled to an integer, id): see `rankOf` and `rank` in fromWhere.
 */
export type ArticleOrder = "PUBLISHED_AT" | "RANK";
const CURSOR_SCHEMA: Record<ArticleOrder, CursorSchema> = { PUBLISHED_AT: ["int53", "int32"], RANK: ["int53", "int32"] };

/** "At least `count` of the entities `of`", count below of.length (all of them is `all`: see resolveAtLeast). */
export interface AtLeastQuery {
  count: number;
  of: number[];
}

/**
 * A filter with names and ids resolved to entity keys: what the SQL is built from.
 * `scope` (an entity whose articles these are) is added per key when batching.
 */
export interface ArticleQuery {
  all: number[];
  any: number[];
  none: number[];
  atLeast: AtLeastQuery | null;
  search: SearchQuery | null;
  from: number | null;
  to: number | null;
  desk: string | null;
  order: ArticleOrder;
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

/**
 * The ordering a connection's arguments ask for: `orderBy` when given (RELEVANCE needs a search),
 * else most relevant first when searching and newest first otherwise.
 */
export function articleOrder(args: ArticleConnectionArgs): ArticleOrder {
  const searching = args.filter?.search != null;
  if (args.orderBy?.field === ArticleOrderField.RELEVANCE) {
    if (!searching) throw new BadUserInputError("`orderBy: { field: RELEVANCE }` needs `filter.search`", { argumentName: "orderBy" });
    return "RANK";
  }
  return args.orderBy ? "PUBLISHED_AT" : searching ? "RANK" : "PUBLISHED_AT";
}

/**
 * Checks `mentionsAtLeast` (1 ≤ count ≤ distinct ids ≤ MAX_FILTER_ENTITIES, else BAD_USER_INPUT) and
 * resolves its ids. "At least all of them" is returned as `all` (mentionsAll, which drives from the
 * rarest entity's index range); anything less as `atLeast`.
 */
function resolveAtLeast(filter: ArticleFilter): { all: number[]; atLeast: AtLeastQuery | null } {
  const given = filter.mentionsAtLeast;
  if (!given) return { all: [], atLeast: null };
  const fail = (problem: string, argumentName: string): never => {
    throw new BadUserInputError(`\`mentionsAtLeast\` ${problem}`, { argumentName });
  };
  if (given.of.length > MAX_FILTER_ENTITIES) fail(`may list at most ${MAX_FILTER_ENTITIES} entities in \`of\`; got ${given.of.length}`, "mentionsAtLeast.of");
  const of = entityKeys(given.of, "mentionsAtLeast.of");
  if (!of.length) fail("needs at least one entity id in `of`", "mentionsAtLeast.of");
  if (!Number.isInteger(given.count) || given.count < 1 || given.count > of.length) {
    fail(`\`count\` must be between 1 and the number of distinct entities in \`of\` (${of.length}); got ${given.count}`, "mentionsAtLeast.count");
  }
  return given.count === of.length ? { all: of, atLeast: null } : { all: [], atLeast: { count: given.count, of } };
}

/** Resolves a client's filter (global ids, names, search text) into an ArticleQuery; bad input is BAD_USER_INPUT. */
export async function resolveArticleQuery(ctx: Context, args: ArticleConnectionArgs): Promise<ArticleQuery> {
  const filter: ArticleFilter = args.filter ?? {};
  const order = articleOrder(args);
  const search = filter.search != null ? parseSearchQuery(filter.search, "filter.search") : null;
  const atLeast = resolveAtLeast(filter);
  const named = filter.mentioning?.length ? await resolveEntityNames(ctx, filter.mentioning, "mentioning") : [];
  const from = filter.publishedAfter?.getTime() ?? null;
  const to = filter.publishedBefore?.getTime() ?? null;
  return {
    all: [...new Set([...entityKeys(filter.mentionsAll, "mentionsAll"), ...named, ...atLeast.all])],
    any: entityKeys(filter.mentionsAny, "mentionsAny"),
    none: entityKeys(filter.mentionsNone, "mentionsNone"),
    atLeast: atLeast.atLeast,
    search,
    from,
    to,
    desk: filter.desk?.trim() ? nameKey(filter.desk) : null,
    order,
    ascending: args.orderBy?.direction === OrderDirection.ASC,
  };
}

/**
 * Lists articles as a connection: `Query.articles` (scope null) or an entity's articles (scope = its key).
 * Rows and counts come from per-request loaders, so many entities' article pages cost one statement.
 */
export async function articleConnection(ctx: Context, args: ArticleConnectionArgs, scope: number | null) {
  const order = articleOrder(args);
  const page = pageRequest(args, order, CURSOR_SCHEMA[order]);
  const query = await resolveArticleQuery(ctx, args);
  const rows = await ctx.loaders.articlePage.load({ scope, query, page });
  const connection = ArticleConnection.from({
    rows,
    page,
    tag: order,
    count: () => ctx.loaders.articleCount.load({ scope, query, page }),
  });
  CONNECTION_QUERIES.set(connection, { scope, query, page });
  return connection;
}

/** The query behind each article connection, for fields computed over its whole result (facets). */
export const CONNECTION_QUERIES = new WeakMap<object, ArticlePageKey>();

/** Whether the query constrains nothing beyond its scope, so an entity's stored count answers it. */
export function isUnconstrained(query: ArticleQuery): boolean {
  return (
    !query.all.length && !query.any.length && !query.none.length && !query.atLeast && !query.search &&
    query.from == null && query.to == null && !query.desk
  );
}

/**
 * FROM and WHERE of an article query, and the relevance expression when searching. Which index
 * drives (is walked), the rest being probed per row:
 * - a search: the search index (PostgreSQL: the GIN index on article_search; SQLite: the FTS5 index),
 *   since relevance needs every match ranked anyway; entity conditions are then probes of the mention
 *   primary key (EXISTS), dates and desk are checked on the article row (PostgreSQL costs the join
 *   itself and may instead walk an index for the other side, see below);
 * - else entity conditions: the mention index of the rarest required entity ("driver") newest first,
 *   probing the others by primary key with EXISTS: a bounded index walk however large the archive;
 * - else `mentionsAtLeast` alone: the mention index ranges of its rarest entities (atLeastCandidates);
 * - else article's (publishedAt, id) index.
 * `article a` is joined only when a condition or the order reads it (desk; dates when searching);
 * pages join it for their rows last (pageSql). Placeholders are bound in text order (SQLite's `?` are
 * positional): FROM before WHERE. PostgreSQL's relevance is `rankOf` a document (its candidates are
 * ranked after they are found), SQLite's the `rank` expression.
 *
 * Plans, checked with EXPLAIN (ANALYZE) on a generated corpus of 20,000 articles (PostgreSQL 15, SQLite 3.53):
 * - search by relevance: PostgreSQL "Bitmap Index Scan on IDX_article_search_words" → Bitmap Heap
 *   Scan on article_search, ts_rank_cd per match (ts_rank since), top-N heapsort of (articleId, rank), then the page's
 *   21 rows by article's primary key (2.9 ms for two words with 417 matches); SQLite "SCAN article_fts
 *   VIRTUAL TABLE INDEX 0:M3", a temp B-tree sort, then "SEARCH a USING INTEGER PRIMARY KEY" (2.2 ms).
 *   Ranking reads every match, so the cost grows with the matches: a word in 19,750 of the articles
 *   takes 46 ms (PostgreSQL, then a sequential scan of article_search) and 32 ms (SQLite).
 * - search + `mentioning`: PostgreSQL hash-joins the GIN matches with the entity's mention index range
 *   (12 ms; 88 of 425 matches); SQLite probes "sqlite_autoindex_mention_1 (articleId=? AND entityId=?)"
 *   per match (2.8 ms). Dates and desk filter the matches through article's primary key.
 * - search newest first: PostgreSQL walks "IDX_article_published" backward, probing article_search by
 *   primary key (2.8 ms); SQLite sorts the matches (0.4 ms).
 * - without a search the walks are as before, and now index-only up to the page: "Index Only Scan
 *   Backward using IDX_mention_entity_published" + mention primary-key probes (PostgreSQL), "SEARCH m0
 *   USING COVERING INDEX IDX_mention_entity_published" (SQLite), then 21 article lookups.
 */
function fromWhere(p: SqlParams, q: ArticleQuery, scope: number | null, counts: Map<number, number>, page: boolean) {
  const required = scope != null ? [scope, ...q.all.filter((e) => e !== scope)] : q.all;
  const where: string[] = [];
  let from: string;
  let pub: string;
  let id: string;
  let rank: string | null = null;
  let rankOf: ((document: string) => string) | null = null;
  let atLeastDone = false;
  if (q.search) {
    // SQLite finds the newest matches to rank (pageSql) through the article's date.
    const joinArticle =
      q.desk != null || q.from != null || q.to != null || (page && (q.order === "PUBLISHED_AT" || (q.order === "RANK" && p.dialect === "sqlite")));
    if (p.dialect === "postgres") {
      from = `article_search s${joinArticle ? ` JOIN article a ON a."id" = s."articleId"` : ""}`;
      id = joinArticle ? `a."id"` : `s."articleId"`;
      const literal = toTsQuery(q.search);
      if (literal === null) {
        // A search of stop words alone ("the") matches nothing.
        where.push("FALSE");
        rankOf = () => "0";
      } else {
        const tsquery = `${p.bind(literal)}::tsquery`;
        where.push(...searchConditions(p, q.search, literal, tsquery));
        // ts_rank on the weighted document (A headline 1.0, B summary 0.4, C body 0.2), scaled to an
        // integer so that cursors compare exactly; round() is deterministic for the same document.
        // Not ts_rank_cd (cover density): at a million articles it was a quarter of a search's
        // PostgreSQL time (0.75 ms for 200 documents, ts_rank ~0.05), and ts_rank too weighs how close
        // the words of an AND stand. The ranking query (the search without its exclusions) gets a
        // placeholder of its own only when it differs, bound when the rank is first written: a
        // placeholder that no statement reads has no type, and PostgreSQL refuses it.
        const ranking = toTsQueryRanking(q.search) as string;
        let rankingSql: string | null = ranking === literal ? tsquery : null;
        rankOf = (document) => `ROUND(ts_rank(${document}, ${(rankingSql ??= `${p.bind(ranking)}::tsquery`)}) * 1000000)::bigint`;
      }
      pub = joinArticle ? `a."publishedAt"` : `s."publishedAt"`;
    } else {
      from = `article_fts${joinArticle ? ` JOIN article a ON a."id" = article_fts."rowid"` : ""}`;
      id = joinArticle ? `a."id"` : `article_fts."rowid"`;
      where.push(`article_fts MATCH ${p.bind(toFts5Match(q.search))}`);
      // bm25 is lower for better matches: negated, so that higher is better on both dialects. Unlike
      // ts_rank it weighs words by corpus statistics, so ranks move a little as articles arrive; a
      // page fetched after new articles were stored may repeat or skip a match near its cursor.
      rank = `CAST(ROUND(-bm25(article_fts, 10, 4, 1) * 1000000) AS INTEGER)`;
      pub = `a."publishedAt"`;
    }
    where.push(...entityProbes(p, { ...q, all: required }, id, { atLeast: true }));
  } else {
    const driver = required.length
      ? required.reduce((best, e) => ((counts.get(e) ?? 0) < (counts.get(best) ?? 0) ? e : best))
      : null;
    const viaMention = driver != null || q.atLeast != null;
    pub = viaMention ? `m0."publishedAt"` : `a."publishedAt"`;
    id = viaMention ? `m0."articleId"` : `a."id"`;
    const join = q.desk != null ? ` JOIN article a ON a."id" = m0."articleId"` : "";
    if (driver != null) from = `mention m0${join}`;
    else if (q.atLeast) from = `${atLeastCandidates(p, q.atLeast, counts)} m0${join}`;
    else from = `article a`;
    // With count 1 the candidates (articles of every listed entity) are exactly the answer.
    if (driver == null && q.atLeast?.count === 1) atLeastDone = true;
    if (driver != null) where.push(`m0."entityId" = ${p.bind(driver)}`);
    where.push(...entityProbes(p, { ...q, all: required.filter((e) => e !== driver) }, id, { atLeast: !atLeastDone }));
  }
  if (q.from != null) where.push(`${pub} >= ${p.bind(q.from)}`);
  if (q.to != null) where.push(`${pub} < ${p.bind(q.to)}`);
  if (q.desk != null) where.push(`a."deskKey" = ${p.bind(q.desk)}`);
  return { from, where, pub, id, rank, rankOf };
}

/**
 * The entity conditions of a query as probes of the article whose id is the SQL expression `id`: each
 * required entity, `mentionsAny` and `mentionsNone` as EXISTS on the mention primary key (articleId,
 * entityId), and `mentionsAtLeast` when `atLeast` (atLeastSql). Shared by article lists, which drive
 * from an index and probe the rest, and related stories, which probe the candidates of their scans.
 * Placeholders are bound in the order of the returned conditions.
 */
export function entityProbes(p: SqlParams, q: Pick<ArticleQuery, "all" | "any" | "none" | "atLeast">, id: string, { atLeast }: { atLeast: boolean }): string[] {
  const probes = q.all.map((e) => `EXISTS (SELECT 1 FROM mention r WHERE r."articleId" = ${id} AND r."entityId" = ${p.bind(e)})`);
  if (atLeast && q.atLeast) probes.push(atLeastSql(p, q.atLeast, id));
  if (q.any.length) probes.push(`EXISTS (SELECT 1 FROM mention ma WHERE ma."articleId" = ${id} AND ma."entityId" IN ${p.list(q.any)})`);
  if (q.none.length) probes.push(`NOT EXISTS (SELECT 1 FROM mention mn WHERE mn."articleId" = ${id} AND mn."entityId" IN ${p.list(q.none)})`);
  return probes;
}

/**
 * The conditions of a PostgreSQL search on `article_search s`, `tsquery` being the bound `literal`:
 * the document's words without positions, small and stored uncompressed in the row, match the search
 * loosened (toTsQueryWords); the document itself, compressed out of line, is read only to check a
 * phrase. Walking the newest documents for "nuclear talks" at a million articles read 4,458 rows
 * for its 200 newest matches, decompressing each document (PostgreSQL CPU per search 7.8 ms; 5.3–6.0
 * checking the words instead).
 */
function searchConditions(p: SqlParams, search: SearchQuery, literal: string, tsquery: string): string[] {
  const words = toTsQueryWords(search);
  if (words === literal) return [`s."words" @@ ${tsquery}`];
  return [`s."words" @@ ${p.bind(words)}::tsquery`, `s."document" @@ ${tsquery}`];
}

/**
 * A search as one probe of the article whose id is `id` (for related stories, whose candidates come
 * from the mention index): PostgreSQL checks its stored document, SQLite looks it up among the FTS5
 * matches (computed once per statement). FALSE when nothing positive is left to search for.
 */
export function searchProbe(p: SqlParams, search: SearchQuery, id: string): string {
  if (p.dialect === "postgres") {
    const literal = toTsQuery(search);
    return literal === null ? "FALSE" : `EXISTS (SELECT 1 FROM article_search s WHERE s."articleId" = ${id} AND ${searchConditions(p, search, literal, `${p.bind(literal)}::tsquery`).join(" AND ")})`;
  }
  return `${id} IN (SELECT "rowid" FROM article_fts WHERE article_fts MATCH ${p.bind(toFts5Match(search))})`;
}

/**
 * `mentionsAtLeast` as a probe of the article's own mention rows (the primary key starts with
 * articleId, so this reads one short index range per article): the number of listed entities it
 * mentions, at least `count`; for a count of 1, EXISTS, which stops at the first.
 */
function atLeastSql(p: SqlParams, atLeast: AtLeastQuery, id: string): string {
  const rows = `FROM mention ml WHERE ml."articleId" = ${id} AND ml."entityId" IN ${p.list(atLeast.of)}`;
  return atLeast.count === 1 ? `EXISTS (SELECT 1 ${rows})` : `(SELECT COUNT(*) ${rows}) >= ${p.bind(atLeast.count)}`;
}

/**
 * When `mentionsAtLeast` is the only entity condition, the rows the mention index drives from: an
 * article mentioning at least n of k entities mentions one of any k - n + 1 of them (otherwise it
 * could mention at most n - 1), so it is among the articles of the k - n + 1 rarest. Their index
 * ranges (entityId, publishedAt, articleId) cover this derived table, DISTINCT folds an article named
 * by two of them into one row (publishedAt is the article's, copied on every edge), and the work is
 * bounded by those ranges instead of a walk over every article newest first.
 */
function atLeastCandidates(p: SqlParams, atLeast: AtLeastQuery, counts: Map<number, number>): string {
  const rarest = [...atLeast.of].sort((x, y) => (counts.get(x) ?? 0) - (counts.get(y) ?? 0) || x - y).slice(0, atLeast.of.length - atLeast.count + 1);
  return `(SELECT DISTINCT mc."articleId", mc."publishedAt" FROM mention mc WHERE mc."entityId" IN ${p.list(rarest)})`;
}

function whereSql(where: string[]): string {
  return where.length ? ` WHERE ${where.join(" AND ")}` : "";
}

/**
 * One page of one scope: `limit + 1` rows past the cursors, each with its sort key (`sortKey`).
 * The inner query orders and limits narrow (articleId, sortKey) rows, from index-only walks where it
 * can; only the rows of the page are then joined to article, so a sort over many search matches never
 * carries article bodies. UNION ALL (queryPerKey) does not keep row order: loadArticlePages sorts.
 */
function pageSql(p: SqlParams, key: ArticlePageKey, counts: Map<number, number>): string {
  const { query: q, page } = key;
  const { from, where, pub, id, rank, rankOf } = fromWhere(p, q, key.scope, counts, true);
  // "after" means later in display order; a backward page is fetched in reverse and flipped later.
  const descending = !q.ascending;
  const afterOp = descending ? "<" : ">";
  const beforeOp = descending ? ">" : "<";
  const fetchDescending = descending !== page.backward;
  const dir = fetchDescending ? "DESC" : "ASC";
  const limit = `LIMIT ${page.limit + 1}`;
  let inner: string;
  if (q.order === "RANK" && (rankOf || rank)) {
    // The rank is an expression: computed in a derived table, so the keyset can compare it by name.
    // Relevance ranks the newest RELEVANCE_CANDIDATES matches, not every match: ranking reads each
    // document, and a common word matches tens of thousands of a large archive. PostgreSQL takes them
    // from the (publishedAt, articleId) index of the documents, checking each until it has enough, and
    // ranks only those; the newest first, as a news search should prefer. SQLite computes the columns
    // it selects before it sorts, so ranking in the query that finds the newest would rank every match:
    // the newest are found first, and one more FTS5 query (one, since each recounts its words' matches
    // over the whole index for bm25) ranks those alone, reading only the matches from the oldest
    // candidate's id on; the candidate test is written `+rowid` so that FTS5 is not asked for each id.
    // At 100,000 articles "nuclear talks" (4,600 matches) went from 14.5–16 to 10.5–11.5 ms.
    const newest = `SELECT ${id} AS "articleId"${rankOf ? `, s."document" AS "document"` : ""} FROM ${from}${whereSql(where)} ORDER BY ${pub} DESC, ${id} DESC LIMIT ${RELEVANCE_CANDIDATES}`;
    const candidates = rankOf
      ? `SELECT c."articleId", ${rankOf(`c."document"`)} AS "sortKey" FROM (${newest}) AS c`
      : `WITH c AS MATERIALIZED (${newest}) SELECT article_fts."rowid" AS "articleId", ${rank} AS "sortKey" FROM article_fts` +
        ` WHERE article_fts MATCH ${p.bind(toFts5Match(q.search as SearchQuery))} AND article_fts."rowid" >= (SELECT MIN("articleId") FROM c)` +
        ` AND +article_fts."rowid" IN (SELECT "articleId" FROM c)`;
    // Bound after the candidates' placeholders, which come first in the text (SQLite's are positional).
    const bounds: string[] = [];
    if (page.after) bounds.push(`("sortKey", "articleId") ${afterOp} (${p.bind(page.after[0])}, ${p.bind(page.after[1])})`);
    if (page.before) bounds.push(`("sortKey", "articleId") ${beforeOp} (${p.bind(page.before[0])}, ${p.bind(page.before[1])})`);
    inner = `SELECT * FROM (${candidates}) AS r${whereSql(bounds)} ORDER BY "sortKey" ${dir}, "articleId" ${dir} ${limit}`;
  } else {
    if (page.after) where.push(`(${pub}, ${id}) ${afterOp} (${p.bind(page.after[0])}, ${p.bind(page.after[1])})`);
    if (page.before) where.push(`(${pub}, ${id}) ${beforeOp} (${p.bind(page.before[0])}, ${p.bind(page.before[1])})`);
    inner = `SELECT ${id} AS "articleId", ${pub} AS "sortKey" FROM ${from}${whereSql(where)} ORDER BY ${pub} ${dir}, ${id} ${dir} ${limit}`;
  }
  return `SELECT ${articleListColumns("a")}, k."sortKey" AS "sortKey" FROM (${inner}) AS k JOIN article a ON a."id" = k."articleId"`;
}

/**
 * The ids of every article a query matches (no page, no order), as a subquery selecting one column
 * "articleId": what facets count over.
 */
export function matchingArticlesSql(p: SqlParams, key: ArticlePageKey, counts: Map<number, number>): string {
  const { from, where, id } = fromWhere(p, key.query, key.scope, counts, false);
  return `SELECT ${id} AS "articleId" FROM ${from}${whereSql(where)}`;
}

function countSql(p: SqlParams, key: ArticlePageKey, counts: Map<number, number>): string {
  const { from, where } = fromWhere(p, key.query, key.scope, counts, false);
  return `SELECT COUNT(*) AS n FROM ${from}${whereSql(where)}`;
}

/** Mention counts of every entity the keys require or list, to pick each query's driver. */
export async function mentionCounts(ctx: Context, keys: readonly ArticlePageKey[]): Promise<Map<number, number>> {
  const ids = [...new Set(keys.flatMap((k) => [...(k.scope != null ? [k.scope] : []), ...k.query.all, ...(k.query.atLeast?.of ?? [])]))];
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
    const { query, page } = keys[i];
    const sign = (query.ascending ? 1 : -1) * (page.backward ? -1 : 1);
    return rows
      .map((row) => {
        const node = hydrateArticle(row);
        ctx.loaders.articleById.prime(node.id, node);
        return { node, key: [Number(row.sortKey), node.id] };
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
/** The body of an article read for a list, which left it out (see articleListColumns). */
export async function articleBody(ctx: Context, articleId: number): Promise<string> {
  const body = await ctx.loaders.articleBody.load(articleId);
  // Deleted by an editor between the list and this read.
  if (body === null) throw new DomainError("NOT_FOUND", "The article was deleted while the request ran", { articleId: toGlobalId("Article", articleId) });
  return body;
}

export async function findArticle(ctx: Context, by: { id?: string | null; slug?: string | null; url?: string | null }) {
  const [argument, value] = exactlyOne(by);
  if (argument === "id") return ctx.loaders.articleById.load(fromGlobalIdOf(value, ["Article"]).key);
  return argument === "slug" ? ctx.loaders.articleBySlug.load(value) : ctx.loaders.articleByUrl.load(value);
}
