import { hash } from "node:crypto";
import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import { EntityKind, EntityStatus } from "../entity/entity.entity";
import { hydrateEntity, nameKey, slugify } from "../entity/entity.rows";
import { lookupNames } from "../entity/entity.service";
import { dialectOf, insertRows, runSql, SqlParams, type Dialect } from "../db/sql";
import { writeTransaction } from "../db/transaction";
import { applyEdgeChanges, type EdgeChange } from "../mention/mention.service";
import type { Country } from "../country/country.entity";
import type { Topic } from "../topic/topic.entity";
import { Gazetteer, type GazetteerEntry } from "./gazetteer";
import { LinkPool } from "./link-pool";
import { linkArticle, type DiscoveredPerson, type LinkableText, type LinkOptions, type LinkResult } from "./linker";
import type { ParsedArticle } from "./page-parser";
import { RejectedInput } from "./input";
import { wordCount } from "./word-count";
import { indexArticles, type IndexedArticle } from "../search/search-index";

// Editors' changes count words as ingestion does.
export { wordCount };

/** Column limits of the article table, checked before a batch is written so one record cannot fail it. */
const LIMITS = { url: 2048, desk: 200, language: 16, headline: 1000 } as const;

/** Rejects an article newsgraph cannot store, naming what is wrong. */
export function checkArticle(article: ParsedArticle, source: string): void {
  const fail = (reason: string) => {
    throw new RejectedInput(reason, source);
  };
  if (!article.headline?.trim()) fail("no headline");
  if (!article.body?.trim()) fail("no body text");
  if (!(article.publishedAt instanceof Date) || Number.isNaN(article.publishedAt.getTime())) fail("no valid publication date");
  if (article.headline.length > LIMITS.headline) fail(`headline longer than ${LIMITS.headline} characters`);
  if (article.url && article.url.length > LIMITS.url) fail(`url longer than ${LIMITS.url} characters`);
  if (article.desk && article.desk.length > LIMITS.desk) fail(`desk longer than ${LIMITS.desk} characters`);
  if (article.language.length > LIMITS.language) fail(`language tag longer than ${LIMITS.language} characters`);
}

/** What ingesting one article did. */
export type IngestStatus = "NEW" | "UPDATED" | "UNCHANGED";

/** One article to ingest and where it came from (a file, a line of NDJSON, a mutation). */
export interface IngestItem {
  source: string;
  article: ParsedArticle;
}

/** The result for one ingested article. */
export interface IngestOutcome {
  source: string;
  status: IngestStatus;
  articleId: number;
  slug: string;
}

/** The result of one batch. */
export interface BatchResult {
  outcomes: IngestOutcome[];
  /** Articles that could not be stored, each with its reason; the rest of the batch landed. */
  rejected: RejectedInput[];
  /** People found in the batch's articles and created UNVERIFIED. */
  createdPeople: number;
}

/** An article whose edges are being rewritten, with its new links. */
interface EdgeWrite {
  id: number;
  publishedAt: number;
  result: LinkResult;
  /** Created by this transaction, so it has no old edges to remove. */
  fresh?: boolean;
  /** Its folded desk before and after the write (read from the article when not given: unchanged). */
  desks?: { before: string | null; after: string | null };
}

/** An article an editor changed, to re-link inside the editor's transaction. */
export interface ArticleToLink {
  id: number;
  publishedAt: number;
  text: LinkableText;
  /** Its folded desk before and after the edit, when the edit may have changed it. */
  desks?: { before: string | null; after: string | null };
}

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_INSERT = 400;
/** Keys per PostgreSQL array parameter (SqlParams.in): one parameter, however many keys. */
const ROWS_PER_ARRAY = 5000;

/** Loads every entity's names into a gazetteer for linking. */
export async function loadGazetteer(db: DataSource | EntityManager): Promise<Gazetteer> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT "id", "kind", "slug", "name", "aliases", "description", "mentionCount", "status", "demonyms", "capital", "keywords" FROM entity`,
  );
  return new Gazetteer(rows.map((row) => gazetteerEntry(hydrateEntity(row))));
}

/** The linker's view of an entity. */
export function gazetteerEntry(entity: ReturnType<typeof hydrateEntity>): GazetteerEntry {
  return {
    id: entity.id,
    kind: entity.kind,
    name: entity.name,
    aliases: entity.aliases,
    demonyms: entity.kind === EntityKind.COUNTRY ? (entity as Country).demonyms : undefined,
    capital: entity.kind === EntityKind.COUNTRY ? (entity as Country).capital : undefined,
    keywords: entity.kind === EntityKind.TOPIC ? (entity as Topic).keywords : undefined,
  };
}

/** Identity of an article's content, for recognising a re-ingested copy without a URL. */
export function contentHash(article: Pick<ParsedArticle, "headline" | "body">): string {
  return hash("sha256", `${article.headline}\n${article.body}`, "hex");
}

/** What makes two copies the same article: its canonical URL, else its content. */
export function sourceKey(article: Pick<ParsedArticle, "url" | "headline" | "body">): string {
  return article.url ? `url:${article.url}` : `sha256:${contentHash(article)}`;
}

function chunks<T>(items: readonly T[], size = ROWS_PER_INSERT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A batch checked and linked by Ingestor.prepare, ready for commit. */
export interface PreparedBatch {
  items: readonly IngestItem[];
  prepared: Prepared[];
  rejected: RejectedInput[];
  /** Earlier copies of records repeated in the batch: reported UNCHANGED, as the copy written. */
  duplicates: { source: string; key: string }[];
}

/** An article ready to store, with its links. */
interface Prepared {
  source: string;
  article: ParsedArticle;
  key: string;
  hash: string;
  /** Words of its body: counted with the linking, or when written. */
  words?: number;
  /** Set once linked; copies already stored unchanged are never linked. */
  linked?: LinkResult;
  /** Its PostgreSQL search document, built beside the linking (search-document.ts). */
  document?: Uint8Array;
}

/** Whether a stored row already holds exactly this article. */
function isUnchanged(old: Record<string, unknown> | undefined, p: Prepared): boolean {
  const a = p.article;
  return (
    old !== undefined &&
    old.contentHash === p.hash &&
    (old.summary ?? null) === a.summary &&
    (old.desk ?? null) === a.desk &&
    old.language === a.language &&
    (old.url ?? null) === a.url &&
    Number(old.publishedAt) === a.publishedAt.getTime()
  );
}

/**
 * Stores articles and their mention edges, creating the people linking discovers. One transaction
 * per batch; the same canonical URL (or content without one) updates the stored copy in place and
 * replaces its edges, so re-ingesting, or two processes ingesting the same records at once, leaves
 * one copy with correct counts. Entity mention counts move by deltas inside the same transaction.
 */
export class Ingestor {
  private constructor(
    private readonly db: DataSource,
    readonly gazetteer: Gazetteer,
    private readonly options: LinkOptions,
    private readonly pool: LinkPool | null,
  ) {}

  /**
   * An ingestor over the entities now in the database. With `workers` > 0, articles are linked on
   * that many worker threads (not with `confirm`, which must run here); call close() when done.
   */
  static async open(db: DataSource, options: LinkOptions & { workers?: number } = {}): Promise<Ingestor> {
    const gazetteer = await loadGazetteer(db);
    const pool = options.workers && !options.confirm ? new LinkPool([...gazetteer.entries.values()], options.workers) : null;
    return new Ingestor(db, gazetteer, options, pool);
  }

  /** Stops the linking workers, if any. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  private get dialect(): Dialect {
    return dialectOf(this.db);
  }

  /** Links and stores a batch of articles: prepare() then commit(). */
  async ingest(items: readonly IngestItem[]): Promise<BatchResult> {
    return this.commit(await this.prepare(items));
  }

  /**
   * Checks, hashes and links a batch, without writing. Linking (the costly part) happens here,
   * outside any transaction and on the worker threads when there are some, so the next batch can
   * be prepared while the previous one commits. Copies already stored unchanged are not linked.
   */
  async prepare(items: readonly IngestItem[]): Promise<PreparedBatch> {
    const rejected: RejectedInput[] = [];
    // A record repeated in one batch is stored once (the last copy wins); the others still get an outcome.
    const duplicates: { source: string; key: string }[] = [];
    const bySource = new Map<string, Prepared>();
    for (const { source, article } of items) {
      try {
        checkArticle(article, source);
      } catch (error) {
        if (!(error instanceof RejectedInput)) throw error;
        rejected.push(error);
        continue;
      }
      const key = sourceKey(article);
      const earlier = bySource.get(key);
      if (earlier) duplicates.push({ source: earlier.source, key });
      bySource.set(key, { source, article, key, hash: contentHash(article) });
    }
    // Consistent lock order across processes: sorted by source key.
    const prepared = [...bySource.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const stored = await this.storedVersions(this.db, prepared.map((p) => p.key));
    const toLink = prepared.filter((p) => !isUnchanged(stored.get(p.key), p));
    if (this.pool && toLink.length) {
      // The workers also build the search documents and count words, off this thread and outside the transaction.
      const linked = await this.pool.link(
        toLink.map((p) => p.article),
        { discover: this.options.discover !== false, documents: this.dialect === "postgres", words: true },
      );
      toLink.forEach((p, i) => {
        p.linked = linked.results[i];
        p.document = linked.documents?.[i];
        p.words = linked.words?.[i];
      });
    } else {
      for (const p of toLink) this.linkOf(p);
    }
    return { items, prepared, rejected, duplicates };
  }

  /**
   * Stores a prepared batch in one transaction. A record the database refuses does not sink its
   * batch: the batch is retried one record at a time, and only the refused record is rejected.
   */
  async commit(batch: PreparedBatch): Promise<BatchResult> {
    const { prepared, rejected } = batch;
    try {
      const result = await this.write(batch.items, prepared);
      for (const { source, key } of batch.duplicates) {
        const kept = result.outcomes.find((o) => o.source === prepared.find((p) => p.key === key)?.source);
        if (kept) result.outcomes.push({ source, status: "UNCHANGED", articleId: kept.articleId, slug: kept.slug });
      }
      const order = new Map(batch.items.map((item, i) => [item.source, i]));
      result.outcomes.sort((a, b) => (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0));
      return { ...result, rejected };
    } catch (error) {
      if (prepared.length === 1 && !isConnectionError(error)) {
        console.error(`could not store ${prepared[0].source}:`, error);
        return { outcomes: [], createdPeople: 0, rejected: [...rejected, new RejectedInput("the database refused it (see the log)", prepared[0].source)] };
      }
      if (prepared.length <= 1) throw error;
      const result: BatchResult = { outcomes: [], createdPeople: 0, rejected };
      for (const p of prepared) {
        const single = await this.commit({ items: [{ source: p.source, article: p.article }], prepared: [p], rejected: [], duplicates: [] });
        result.outcomes.push(...single.outcomes);
        result.rejected.push(...single.rejected);
        result.createdPeople += single.createdPeople;
      }
      return result;
    }
  }

  private async write(items: readonly IngestItem[], prepared: Prepared[]): Promise<Omit<BatchResult, "rejected">> {
    const created: GazetteerEntry[] = [];
    const outcomes = await writeTransaction(this.db, async (runner) => {
      created.length = 0;
      return this.storeArticles(runner, prepared, created);
    });
    for (const entry of created) this.gazetteer.add(entry);
    this.pool?.add(created);
    const order = new Map(items.map((item, i) => [item.source, i]));
    outcomes.sort((a, b) => (order.get(a.source) ?? 0) - (order.get(b.source) ?? 0));
    return { outcomes, createdPeople: created.length };
  }

  /** Links an article once (memoised on it). */
  private linkOf(p: Prepared): LinkResult {
    p.linked ??= linkArticle(this.gazetteer, p.article, this.options);
    return p.linked;
  }

  /** The stored identity fields of the articles with these source keys. */
  private async storedVersions(db: DataSource | QueryRunner, keys: string[]): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    // PostgreSQL takes the keys as one array parameter, so a whole batch is one statement.
    for (const chunk of chunks(keys, this.dialect === "postgres" ? ROWS_PER_ARRAY : ROWS_PER_INSERT)) {
      const params = new SqlParams(this.dialect);
      const rows: Record<string, unknown>[] = await db.query(
        `SELECT "id", "sourceKey", "slug", "contentHash", "summary", "desk", "deskKey", "language", "url", "publishedAt" FROM article WHERE "sourceKey" ${params.in(chunk, "text")}`,
        params.values,
      );
      for (const row of rows) found.set(row.sourceKey as string, row);
    }
    return found;
  }

  /**
   * Re-links stored articles (after entities changed): their edges are rebuilt from the current
   * gazetteer; the articles themselves are not touched.
   */
  async relink(articleIds: readonly number[]): Promise<{ relinked: number; createdPeople: number }> {
    if (!articleIds.length) return { relinked: 0, createdPeople: 0 };
    const params = new SqlParams(this.dialect);
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT "id", "headline", "summary", "body", "publishedAt" FROM article WHERE "id" ${params.in(articleIds, "int")} ORDER BY "id"`,
      params.values,
    );
    const texts = rows.map((row) => ({ headline: row.headline as string, summary: row.summary as string | null, body: row.body as string }));
    const results = this.pool
      ? (await this.pool.link(texts, { discover: this.options.discover !== false })).results
      : texts.map((text) => linkArticle(this.gazetteer, text, this.options));
    const fingerprint = (row: Record<string, unknown>) => JSON.stringify([row.headline, row.summary, row.body, Number(row.publishedAt)]);
    const linkedFrom = new Map(rows.map((row, i) => [Number(row.id), { fingerprint: fingerprint(row), result: results[i] }]));
    const created: GazetteerEntry[] = [];
    await writeTransaction(this.db, async (runner) => {
      created.length = 0;
      // Linking ran outside the transaction; an editor may have changed an article since. Re-read
      // (locking the rows on PostgreSQL; SQLite's write lock is already held) and re-link what changed,
      // so edges always match the text stored when they are written.
      const lock = this.dialect === "postgres" ? " FOR UPDATE" : "";
      const current = await runSql(runner, (p) =>
        `SELECT "id", "headline", "summary", "body", "publishedAt" FROM article WHERE "id" ${p.in(articleIds, "int")} ORDER BY "id"${lock}`,
      );
      const linked = current.map((row) => {
        const before = linkedFrom.get(Number(row.id));
        const result =
          before && before.fingerprint === fingerprint(row)
            ? before.result
            : linkArticle(this.gazetteer, { headline: row.headline as string, summary: row.summary as string | null, body: row.body as string }, this.options);
        return { id: Number(row.id), publishedAt: Number(row.publishedAt), result };
      });
      const people = await this.createPeople(runner, linked.flatMap((l) => l.result.discovered), created);
      await this.replaceMentions(runner, linked, people);
    });
    for (const entry of created) this.gazetteer.add(entry);
    this.pool?.add(created);
    return { relinked: rows.length, createdPeople: created.length };
  }

  /**
   * Links the given article texts and replaces their edges inside the caller's transaction (an
   * editor's `updateArticle`). Returns the people created, to hand to learn() once committed.
   */
  async linkWithin(runner: QueryRunner, articles: ArticleToLink[]): Promise<GazetteerEntry[]> {
    const linked = articles.map((a) => ({ id: a.id, publishedAt: a.publishedAt, result: linkArticle(this.gazetteer, a.text, this.options), desks: a.desks }));
    const created: GazetteerEntry[] = [];
    const people = await this.createPeople(runner, linked.flatMap((l) => l.result.discovered), created);
    await this.replaceMentions(runner, linked, people);
    return created;
  }

  /** Teaches the gazetteer (and the workers) entities created in a committed transaction. */
  learn(created: GazetteerEntry[]): void {
    for (const entry of created) this.gazetteer.add(entry);
    this.pool?.add(created);
  }

  /**
   * Creates the discovered people not in the database yet (UNVERIFIED) and returns the key of every
   * discovered name. A name already taken, by an earlier article or by a concurrent process, maps
   * to the existing person.
   */
  private async createPeople(runner: QueryRunner, discovered: DiscoveredPerson[], created: GazetteerEntry[]): Promise<Map<string, number>> {
    const names = new Map<string, string>();
    for (const d of discovered) if (!names.has(d.key)) names.set(d.key, d.name);
    const ids = new Map<string, number>();
    if (!names.size) return ids;
    const keys = [...names.keys()];
    for (const row of await runSql(runner, (p) => `SELECT "key", "entityId" FROM entity_name WHERE "key" ${p.in(keys, "text")}`)) {
      ids.set(row.key as string, Number(row.entityId));
    }
    // Sorted by slug: concurrent transactions insert people in the same order and cannot deadlock.
    const missing = keys
      .filter((k) => !ids.has(k))
      .map((k) => ({ key: k, name: names.get(k) as string, slug: slugify(names.get(k) as string) }))
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    if (!missing.length) return ids;
    const now = Date.now();
    const inserted = new Set<number>();
    for (const chunk of chunks(missing)) {
      // RETURNING gives only the rows this statement inserted: a person another process created first
      // is found below, but not counted or announced as ours.
      const rows = await runSql(runner, (p) =>
        `INSERT INTO entity ("kind", "slug", "name", "aliases", "status", "mentionCount", "updatedAt") VALUES ` +
        chunk.map((m) => `(${p.bind(EntityKind.PERSON)}, ${p.bind(m.slug)}, ${p.bind(m.name)}, '[]', ${p.bind(EntityStatus.UNVERIFIED)}, 0, ${p.bind(now)})`).join(", ") +
        ` ON CONFLICT ("kind", "slug") DO NOTHING RETURNING "id"`,
      );
      for (const r of rows) inserted.add(Number(r.id));
    }
    const rows = await runSql(runner, (p) =>
      `SELECT "id", "slug", "name" FROM entity WHERE "kind" = ${p.bind(EntityKind.PERSON)} AND "slug" ${p.in(missing.map((m) => m.slug), "text")}`,
    );
    const bySlug = new Map(rows.map((r) => [r.slug as string, r]));
    const names2: { key: string; entityId: number }[] = [];
    for (const m of missing) {
      const row = bySlug.get(m.slug);
      if (!row) continue;
      const id = Number(row.id);
      ids.set(m.key, id);
      if (inserted.has(id)) {
        created.push({ id, kind: EntityKind.PERSON, name: m.name, aliases: [] });
        for (const key of lookupNames({ name: m.name, slug: m.slug, aliases: [] })) names2.push({ key, entityId: id });
      }
    }
    for (const chunk of chunks(names2)) {
      await runSql(runner, (p) =>
        `INSERT INTO entity_name ("key", "entityId") VALUES ${chunk.map((n) => `(${p.bind(n.key)}, ${p.bind(n.entityId)})`).join(", ")} ON CONFLICT DO NOTHING`,
      );
    }
    return ids;
  }

  /**
   * Upserts the articles, creates the people their links discovered, and rewrites the edges of
   * the articles that changed.
   */
  private async storeArticles(runner: QueryRunner, prepared: Prepared[], created: GazetteerEntry[]): Promise<IngestOutcome[]> {
    const existing = await this.storedVersions(runner, prepared.map((p) => p.key));
    const outcomes: IngestOutcome[] = [];
    const raced: { outcome: IngestOutcome; key: string }[] = [];
    const toWrite: (Prepared & { slug: string })[] = [];
    for (const p of prepared) {
      const old = existing.get(p.key);
      if (old && isUnchanged(old, p)) {
        outcomes.push({ source: p.source, status: "UNCHANGED", articleId: Number(old.id), slug: old.slug as string });
        continue;
      }
      toWrite.push(Object.assign(p, { slug: (old?.slug as string | undefined) ?? "" }));
    }
    await this.assignSlugs(runner, toWrite.filter((p) => !p.slug));

    const now = Date.now();
    const written: EdgeWrite[] = [];
    const searchable: IndexedArticle[] = [];
    const values = toWrite.map((w) => {
      const a = w.article;
      return [w.key, w.slug, a.url, a.headline, a.summary, a.body, a.desk, a.desk ? nameKey(a.desk) : null, a.language, w.words ?? wordCount(a.body), w.hash, a.publishedAt.getTime(), now];
    });
    // An unchanged copy that raced in from another process is left alone (WHERE), and returns no row.
    const rows = await insertRows(
      runner,
      `INSERT INTO article ("sourceKey", "slug", "url", "headline", "summary", "body", "desk", "deskKey", "language", "wordCount", "contentHash", "publishedAt", "updatedAt")`,
      ["text", "text", "text", "text", "text", "text", "text", "text", "text", "int", "text", "bigint", "bigint"],
      values,
      ` ON CONFLICT ("sourceKey") DO UPDATE SET "url" = excluded."url", "headline" = excluded."headline", "summary" = excluded."summary",` +
        ` "body" = excluded."body", "desk" = excluded."desk", "deskKey" = excluded."deskKey", "language" = excluded."language", "wordCount" = excluded."wordCount",` +
        ` "contentHash" = excluded."contentHash", "publishedAt" = excluded."publishedAt", "updatedAt" = excluded."updatedAt"` +
        ` WHERE article."contentHash" <> excluded."contentHash" OR article."publishedAt" <> excluded."publishedAt"` +
        ` OR article."summary" IS DISTINCT FROM excluded."summary" OR article."desk" IS DISTINCT FROM excluded."desk"` +
        ` OR article."language" <> excluded."language" OR article."url" IS DISTINCT FROM excluded."url"` +
        // PostgreSQL tells an inserted row (xmax 0) from one updated after another process stored the
        // same key in the meantime; SQLite's writer holds the database, so what was read still holds.
        ` RETURNING "id", "sourceKey", "slug"${dialectOf(runner.connection) === "postgres" ? `, ("xmax" = 0) AS "inserted"` : ""}`,
    );
    const byKey = new Map(rows.map((r) => [r.sourceKey as string, r]));
    for (const w of toWrite) {
      const row = byKey.get(w.key);
      if (!row) {
        const outcome: IngestOutcome = { source: w.source, status: "UNCHANGED", articleId: 0, slug: w.slug };
        outcomes.push(outcome);
        raced.push({ outcome, key: w.key });
        continue;
      }
      const id = Number(row.id);
      const inserted = typeof row.inserted === "boolean" ? row.inserted : !existing.has(w.key);
      outcomes.push({ source: w.source, status: inserted ? "NEW" : "UPDATED", articleId: id, slug: row.slug as string });
      const deskAfter = w.article.desk ? nameKey(w.article.desk) : null;
      const deskBefore = inserted ? null : ((existing.get(w.key)?.deskKey as string | null | undefined) ?? deskAfter);
      written.push({ id, publishedAt: w.article.publishedAt.getTime(), result: this.linkOf(w), fresh: inserted, desks: { before: deskBefore, after: deskAfter } });
      searchable.push({ id, publishedAt: w.article.publishedAt.getTime(), headline: w.article.headline, summary: w.article.summary, body: w.article.body, document: w.document });
    }
    await indexArticles(runner, searchable);
    // A copy that raced in from another process, identical to ours, was left alone: report its id.
    if (raced.length) {
      const rows = await runSql(runner, (p) => `SELECT "id", "slug", "sourceKey" FROM article WHERE "sourceKey" ${p.in(raced.map((r) => r.key), "text")}`);
      const byKey = new Map(rows.map((r) => [r.sourceKey as string, r]));
      for (const { outcome, key } of raced) {
        outcome.articleId = Number(byKey.get(key)?.id ?? 0);
        outcome.slug = (byKey.get(key)?.slug as string | undefined) ?? outcome.slug;
      }
    }
    // People are created for the articles this transaction wrote, not for a copy that lost a race
    // with another process (which would leave them with no mention).
    const people = await this.createPeople(runner, written.flatMap((w) => w.result.discovered), created);
    await this.replaceMentions(runner, written, people);
    return outcomes;
  }

  /**
   * Gives new articles a slug from their headline; when it is taken (or repeated in the batch) the
   * slug gets a short hash of the source key, so it is the same in every process.
   */
  private async assignSlugs(runner: QueryRunner, fresh: (Prepared & { slug: string })[]): Promise<void> {
    if (!fresh.length) return;
    // Each headline's slug is made once (folding and replacing it is most of the cost here).
    const bases = fresh.map((p) => slugify(p.article.headline).slice(0, 120).replace(/-+$/, "") || "article");
    const wanted = [...new Set(bases)];
    const taken = new Set<string>();
    for (const chunk of chunks(wanted, this.dialect === "postgres" ? ROWS_PER_ARRAY : ROWS_PER_INSERT)) {
      for (const row of await runSql(runner, (p) => `SELECT "slug" FROM article WHERE "slug" ${p.in(chunk, "text")}`)) taken.add(row.slug as string);
    }
    fresh.forEach((p, i) => {
      const slug = bases[i];
      p.slug = taken.has(slug) ? `${slug}-${hash("sha256", p.key, "hex").slice(0, 8)}` : slug;
      taken.add(slug);
    });
  }

  /** Replaces the edges of the given articles and moves the entities' mention counts by the difference. */
  private async replaceMentions(runner: QueryRunner, articles: EdgeWrite[], people: Map<string, number>): Promise<void> {
    if (!articles.length) return;
    // The desk each article's old and new edges count under (entity_desk); unchanged unless given.
    const desks = new Map(articles.flatMap((a) => (a.desks ? [[a.id, a.desks] as const] : [])));
    const unknown = articles.filter((a) => !a.desks).map((a) => a.id);
    for (const chunk of chunks(unknown)) {
      for (const r of await runSql(runner, (p) => `SELECT "id", "deskKey" FROM article WHERE "id" ${p.in(chunk, "int")}`)) {
        const key = (r.deskKey as string | null) ?? null;
        desks.set(Number(r.id), { before: key, after: key });
      }
    }
    const before = new Map<number, Map<number, number>>(articles.map((a) => [a.id, new Map()]));
    // An article this transaction created has no edges yet: only stored ones lose theirs.
    for (const chunk of chunks(articles.filter((a) => !a.fresh).map((a) => a.id))) {
      const removed = await runSql(runner, (p) => `DELETE FROM mention WHERE "articleId" ${p.in(chunk, "int")} RETURNING "articleId", "entityId", "salience"`);
      for (const r of removed) before.get(Number(r.articleId))?.set(Number(r.entityId), Number(r.salience));
    }
    // The gazetteer may name an entity another process has since merged away: such links are dropped
    // (a later relink finds the entity that stayed) rather than failing the batch on the foreign key.
    const linkedIds = [...new Set(articles.flatMap((a) => a.result.links.map((l) => l.entityId)))];
    const existing = new Set<number>();
    for (const chunk of chunks(linkedIds, 1000)) {
      for (const r of await runSql(runner, (p) => `SELECT "id" FROM entity WHERE "id" ${p.in(chunk, "int")}`)) existing.add(Number(r.id));
    }
    const rows: { articleId: number; entityId: number; publishedAt: number; count: number; salience: number; role: string }[] = [];
    const changes: EdgeChange[] = [];
    for (const a of articles) {
      const edges = new Map<number, { count: number; salience: number; role: string }>();
      for (const link of a.result.links) if (existing.has(link.entityId)) edges.set(link.entityId, link);
      for (const d of a.result.discovered) {
        const id = people.get(d.key);
        if (id !== undefined && !edges.has(id)) edges.set(id, d);
      }
      for (const [entityId, e] of edges) {
        rows.push({ articleId: a.id, entityId, publishedAt: a.publishedAt, count: e.count, salience: e.salience, role: e.role });
      }
      const desk = desks.get(a.id) ?? { before: null, after: null };
      changes.push({ before: before.get(a.id) ?? new Map(), after: new Map([...edges].map(([id, e]) => [id, e.salience])), deskBefore: desk.before, deskAfter: desk.after });
    }
    await insertRows(
      runner,
      `INSERT INTO mention ("articleId", "entityId", "publishedAt", "count", "salience", "role")`,
      ["int", "int", "bigint", "int", "real", "text"],
      rows.map((r) => [r.articleId, r.entityId, r.publishedAt, r.count, r.salience, r.role]),
    );
    await applyEdgeChanges(runner, changes);
  }
}

/** Whether an error means the database is out of reach (then retrying record by record is pointless). */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? "";
  return /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P01|57P03|08\d\d\d)$/.test(code) || /Connection terminated/i.test(String(error));
}

/** Ingests one article with a fresh gazetteer: for seeding and tests. */
export async function ingestOne(db: DataSource, source: string, article: ParsedArticle, options: LinkOptions = {}): Promise<IngestOutcome> {
  const ingestor = await Ingestor.open(db, options);
  const { outcomes, rejected } = await ingestor.ingest([{ source, article }]);
  if (rejected.length) throw rejected[0];
  return outcomes[0];
}
