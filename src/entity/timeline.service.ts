import type { Context } from "../context";
import { runSql, type SqlParams } from "../db/sql";
import { BadUserInputError } from "../errors/errors";
import { pageRequest, type PageRequest } from "../relay/connection";
import { EntityBase, type EntityKind } from "./entity.entity";
import {
  MAX_TIMELINE_BUCKETS,
  TimelineBucket,
  TimelineInterval,
  TrendingConnection,
  TrendWindow,
  type TimelineArgs,
  type TrendingArgs,
} from "./timeline.types";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05T00:00Z, the first Monday after the epoch (a Thursday): ISO weeks start 7-day steps from it. */
const MONDAY_MS = 4 * DAY_MS;

/** Length of each TrendWindow in milliseconds. */
const WINDOW_MS: Record<TrendWindow, number> = {
  [TrendWindow.DAY]: DAY_MS,
  [TrendWindow.WEEK]: WEEK_MS,
  [TrendWindow.MONTH]: 30 * DAY_MS,
};

/** One entity's timeline as the loaders fetch it: instants in epoch milliseconds, `to` excluded. */
export interface TimelineKey {
  entityId: number;
  interval: TimelineInterval;
  from: number;
  to: number;
}

/** Months since January of year 0 of an instant, in UTC: consecutive calendar months are consecutive numbers. */
function monthNumber(ms: number): number {
  const date = new Date(ms);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The instant a month (see monthNumber) starts, midnight UTC on its first day. */
function monthStart(month: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0..99 literally.
  date.setUTCFullYear(Math.floor(month / 12), ((month % 12) + 12) % 12, 1);
  return date.getTime();
}

/** Start of the day or ISO week holding `ms`. */
function periodStart(interval: TimelineInterval.DAY | TimelineInterval.WEEK, ms: number): number {
  if (interval === TimelineInterval.DAY) return Math.floor(ms / DAY_MS) * DAY_MS;
  return MONDAY_MS + Math.floor((ms - MONDAY_MS) / WEEK_MS) * WEEK_MS;
}

/**
 * Where SQL bucket numbers start for a timeline beginning at `from`: for DAY and WEEK the start of the
 * period holding `from`, so that `(publishedAt - origin) / width` is never negative and integer division
 * floors (both dialects truncate toward zero); for MONTH `from` rounded down to the second, so that
 * `(publishedAt - origin) / 1000 + origin / 1000` is the publication's whole second, also floored.
 */
function sqlOrigin(interval: TimelineInterval, from: number): number {
  return interval === TimelineInterval.MONTH ? Math.floor(from / 1000) * 1000 : periodStart(interval, from);
}

/**
 * The buckets of a timeline: each day, ISO week or month (UTC) that meets [from, to), in order, the
 * first starting at `from` and the last ending at `to` when those fall inside a period, so that every
 * bucket's count is exactly the articles published in its [start, end). Throws BAD_USER_INPUT when
 * `from` is not before `to` or when there would be more than MAX_TIMELINE_BUCKETS buckets.
 */
export function timelineBuckets(interval: TimelineInterval, from: number, to: number): { start: number; end: number }[] {
  if (!(from < to)) {
    throw new BadUserInputError("`from` must be before `to`", { argumentName: "to" });
  }
  let count: number;
  let boundary: (i: number) => number;
  if (interval === TimelineInterval.MONTH) {
    const first = monthNumber(from);
    count = monthNumber(to - 1) - first + 1;
    boundary = (i) => monthStart(first + i);
  } else {
    const width = interval === TimelineInterval.DAY ? DAY_MS : WEEK_MS;
    const origin = periodStart(interval, from);
    count = Math.ceil((to - origin) / width);
    boundary = (i) => origin + i * width;
  }
  if (count > MAX_TIMELINE_BUCKETS) {
    throw new BadUserInputError(
      `A timeline has at most ${MAX_TIMELINE_BUCKETS} buckets; from \`from\` to \`to\` there are ${count} of ${interval}. Narrow the range or use a wider interval.`,
      { argumentName: "to", max: MAX_TIMELINE_BUCKETS, buckets: count },
    );
  }
  return Array.from({ length: count }, (_, i) => ({
    start: Math.max(from, boundary(i)),
    end: Math.min(to, boundary(i + 1)),
  }));
}

/**
 * SQL counting one entity's articles per bucket over its range of the mention index
 * (IDX_mention_entity_published: entityId, publishedAt, articleId), one row (`bucket`, `n`) per
 * bucket that has articles. `bucket` is the bucket's position for DAY and WEEK (integer arithmetic
 * on epoch milliseconds) and the month as YYYYMM for MONTH (each dialect's own calendar functions on
 * whole seconds: month boundaries fall on whole seconds, so flooring to the second is exact).
 * Placeholders are bound in text order: SQLite's `?` are positional.
 */
export function timelineSql(key: TimelineKey, p: SqlParams): string {
  const origin = sqlOrigin(key.interval, key.from);
  let bucket: string;
  if (key.interval === TimelineInterval.MONTH) {
    // better-sqlite3 binds numbers as REAL: the casts keep the arithmetic integral on SQLite.
    const seconds = `((m."publishedAt" - CAST(${p.bind(origin)} AS BIGINT)) / 1000 + CAST(${p.bind(origin / 1000)} AS BIGINT))`;
    bucket =
      p.dialect === "postgres"
        ? `CAST(to_char(to_timestamp(${seconds}) AT TIME ZONE 'UTC', 'YYYYMM') AS INTEGER)`
        : `CAST(strftime('%Y%m', ${seconds}, 'unixepoch') AS INTEGER)`;
  } else {
    const width = key.interval === TimelineInterval.DAY ? DAY_MS : WEEK_MS;
    bucket = `(m."publishedAt" - CAST(${p.bind(origin)} AS BIGINT)) / ${width}`;
  }
  return (
    `SELECT ${bucket} AS bucket, COUNT(*) AS n FROM mention m` +
    ` WHERE m."entityId" = ${p.bind(key.entityId)} AND m."publishedAt" >= ${p.bind(key.from)} AND m."publishedAt" < ${p.bind(key.to)}` +
    ` GROUP BY bucket`
  );
}

/** Position in the timeline of a `bucket` value from timelineSql. */
function bucketPosition(key: TimelineKey, bucket: number): number {
  if (key.interval !== TimelineInterval.MONTH) return bucket;
  const month = Math.floor(bucket / 100) * 12 + (bucket % 100) - 1;
  return month - monthNumber(key.from);
}

/** An entity's article counts per day, week or month in [from, to), every bucket present (see timelineBuckets). */
export async function entityTimeline(ctx: Context, entityId: number, args: TimelineArgs): Promise<TimelineBucket[]> {
  const key: TimelineKey = { entityId, interval: args.interval, from: args.from.getTime(), to: args.to.getTime() };
  const buckets = timelineBuckets(key.interval, key.from, key.to);
  const counts = new Array<number>(buckets.length).fill(0);
  for (const row of await ctx.loaders.timelineCounts.load(key)) {
    const position = bucketPosition(key, Number(row.bucket));
    // Every counted article lies in [from, to), hence in a bucket; a miss would be a bug, not data.
    if (!(position >= 0 && position < counts.length)) throw new Error(`timeline bucket ${String(row.bucket)} outside ${buckets.length} buckets`);
    counts[position] += Number(row.n);
  }
  return buckets.map(({ start, end }, i) =>
    Object.assign(new TimelineBucket(), { start: new Date(start), end: new Date(end), count: counts[i] }),
  );
}

/** The current and previous windows of a trending query, epoch milliseconds, `end` excluded. */
interface TrendWindows {
  previousStart: number;
  start: number;
  end: number;
}

/**
 * Entities ranked by how much their mention count rose from the previous window to the current one
 * (see TrendingConnection). One statement over the mention rows of both windows, grouped by entity.
 * No mention index leads on `publishedAt`, so that statement reads every mention row; an index on
 * mention ("publishedAt", "entityId") would let it read only the two windows.
 * `at` defaults to the newest article's publication instant, read first in a statement of its own.
 */
export async function trendingConnection(ctx: Context, args: TrendingArgs): Promise<TrendingConnection> {
  const page = pageRequest(args, "TR", ["int53", "int53", "int32"]);
  const at = args.at ? args.at.getTime() : await newestPublication(ctx);
  if (at === null) {
    return TrendingConnection.from({ rows: [], page, tag: "TR", count: async () => 0 });
  }
  // The window ends at `at` inclusive, so that the default includes the newest article itself.
  const length = WINDOW_MS[args.window];
  const end = at + 1;
  const windows: TrendWindows = { previousStart: end - 2 * length, start: end - length, end };
  const kind = args.kind ?? null;

  const rows = await runSql(ctx.db, (p) => trendingSql(p, windows, kind, page));
  const entities = await ctx.loaders.entityById.loadMany(rows.map((r) => Number(r.entityId)));
  return TrendingConnection.from({
    rows: rows.flatMap((row, i) => {
      const node = entities[i];
      if (!(node instanceof EntityBase)) return [];
      const count = Number(row.n);
      const previousCount = Number(row.p);
      const change = count - previousCount;
      const ratio = previousCount > 0 ? count / previousCount : null;
      return [{ node, key: [change, count, node.id], extras: { count, previousCount, change, ratio } }];
    }),
    page,
    tag: "TR",
    count: async () => {
      const [row] = await runSql(ctx.db, (p) => trendingCountSql(p, windows, kind));
      return Number(row?.n ?? 0);
    },
  });
}

/** Publication instant of the newest article (IDX_article_published answers it), or null when there are none. */
async function newestPublication(ctx: Context): Promise<number | null> {
  const [row] = await runSql(ctx.db, () => `SELECT MAX("publishedAt") AS t FROM article`);
  return row?.t == null ? null : Number(row.t);
}

/** `JOIN entity` limiting mentions to one kind of entity, or nothing. */
function kindJoin(p: SqlParams, kind: EntityKind | null): string {
  return kind ? ` JOIN entity e ON e."id" = m."entityId" AND e."kind" = ${p.bind(kind)}` : "";
}

/**
 * One page of the trending ranking: per entity, `n` mentions in the current window and `p` in the
 * previous one, in display order (n − p DESC, n DESC, id ASC), reversed when paging backward.
 * Placeholders are bound in text order: SQLite's `?` are positional.
 */
function trendingSql(p: SqlParams, w: TrendWindows, kind: EntityKind | null, page: PageRequest): string {
  let sql =
    `SELECT t."entityId" AS "entityId", t.n AS n, t.p AS p FROM (` +
    `SELECT m."entityId" AS "entityId",` +
    ` SUM(CASE WHEN m."publishedAt" >= ${p.bind(w.start)} THEN 1 ELSE 0 END) AS n,` +
    ` SUM(CASE WHEN m."publishedAt" < ${p.bind(w.start)} THEN 1 ELSE 0 END) AS p` +
    ` FROM mention m${kindJoin(p, kind)}` +
    ` WHERE m."publishedAt" >= ${p.bind(w.previousStart)} AND m."publishedAt" < ${p.bind(w.end)}` +
    ` GROUP BY m."entityId") AS t WHERE t.n > 0`;
  const change = "(t.n - t.p)";
  // "after" rows come later in display order, "before" rows earlier.
  const beyond = ([d, n, id]: (number | string)[], later: boolean) => {
    const [lt, gt] = later ? ["<", ">"] : [">", "<"];
    return ` AND (${change} ${lt} ${p.bind(d)} OR (${change} = ${p.bind(d)} AND (t.n ${lt} ${p.bind(n)} OR (t.n = ${p.bind(n)} AND t."entityId" ${gt} ${p.bind(id)}))))`;
  };
  if (page.after) sql += beyond(page.after, true);
  if (page.before) sql += beyond(page.before, false);
  const order = page.backward ? `${change} ASC, t.n ASC, t."entityId" DESC` : `${change} DESC, t.n DESC, t."entityId" ASC`;
  return `${sql} ORDER BY ${order} LIMIT ${page.limit + 1}`;
}

/** Number of entities (of `kind`) mentioned in the current window: the size of the whole ranking. */
function trendingCountSql(p: SqlParams, w: TrendWindows, kind: EntityKind | null): string {
  return (
    `SELECT COUNT(DISTINCT m."entityId") AS n FROM mention m${kindJoin(p, kind)}` +
    ` WHERE m."publishedAt" >= ${p.bind(w.start)} AND m."publishedAt" < ${p.bind(w.end)}`
  );
}
