import type { QueryRunner } from "typeorm";
import type { Context } from "../context";
import { runSql } from "../db/sql";
import { nameKey } from "../entity/entity.rows";
import { BadUserInputError, DomainError } from "../errors/errors";
import { contentHash, sourceKey, wordCount } from "../ingest/ingest.service";
import { parseHtmlPage } from "../ingest/html-parser";
import { RejectedInput } from "../ingest/input";
import { parseScrapedPage, type ParsedArticle } from "../ingest/page-parser";
import { parseJsonRecord } from "../ingest/record-parser";
import { applyEdgeChanges } from "../mention/mention.service";
import { fromGlobalIdOf, toGlobalId } from "../relay/global-id";
import type { Article } from "./article.entity";
import { hydrateArticle } from "./article.rows";
import { indexArticles } from "../search/search-index";
import { ArticleFormat, type IngestArticleInput, IngestStatus, type UpdateArticleInput } from "./article.mutations";

/** The article behind an id, or NOT_FOUND: a mutation cannot act on nothing. */
async function storedArticle(runner: QueryRunner, id: number, field: string): Promise<Article & { body: string }> {
  const [row] = await runSql(runner, (p) => `SELECT * FROM article WHERE "id" = ${p.bind(id)}`);
  if (!row) throw new DomainError("NOT_FOUND", `No article has the id given in \`${field}\``, { field });
  // Every column was read, the body included.
  return hydrateArticle(row) as Article & { body: string };
}

/** Parses the content of `ingestArticle`; a page that cannot be read is BAD_USER_INPUT naming why. */
function parseInput(input: IngestArticleInput, timeZone: string): ParsedArticle {
  try {
    if (input.format === ArticleFormat.HTML) return parseHtmlPage(input.content, { url: input.url, timeZone });
    if (input.format === ArticleFormat.JSON) {
      let record: unknown;
      try {
        record = JSON.parse(input.content);
      } catch {
        throw new RejectedInput("not valid JSON");
      }
      const parsed = parseJsonRecord(record, { timeZone });
      return { ...parsed, url: parsed.url ?? input.url ?? null };
    }
    return { ...parseScrapedPage(input.content, timeZone), url: input.url ?? null };
  } catch (error) {
    if (error instanceof RejectedInput) {
      throw new BadUserInputError(`The article cannot be ingested: ${error.reason}`, { field: "input.content", reason: error.reason });
    }
    throw error;
  }
}

/** `ingestArticle`: the same parsers and linker as `newsgraph ingest`, for one page. */
export async function ingestArticle(ctx: Context, input: IngestArticleInput): Promise<{ article: Article; status: IngestStatus }> {
  const parsed = parseInput(input, ctx.services.ingestion.timeZone);
  let outcome;
  try {
    outcome = await ctx.services.ingestion.ingest("ingestArticle", parsed);
  } catch (error) {
    if (error instanceof RejectedInput) throw new BadUserInputError(`The article cannot be ingested: ${error.reason}`, { field: "input.content", reason: error.reason });
    throw error;
  }
  ctx.loaders.articleById.clear(outcome.articleId);
  ctx.loaders.mentionsByArticle.clear(outcome.articleId);
  const article = await ctx.loaders.articleById.load(outcome.articleId);
  if (!article) throw new Error(`article ${outcome.articleId} vanished after ingestion`);
  return { article, status: IngestStatus[outcome.status] };
}

/** Empty strings clear optional text fields; absent ones keep the stored value. */
function optionalText(given: string | null | undefined, stored: string | null): string | null {
  if (given === undefined || given === null) return stored;
  return given.trim() ? given.trim() : null;
}

/**
 * `updateArticle`: changes the given fields and re-links the article, in one transaction. The
 * article keeps its slug; its identity (source key) follows its URL, or its content when it has none,
 * and may not collide with another article's.
 */
export async function updateArticle(ctx: Context, input: UpdateArticleInput): Promise<Article> {
  const id = fromGlobalIdOf(input.id, ["Article"], "input.id").key;
  await ctx.services.ingestion.edit(async (runner, relink) => {
    const old = await storedArticle(runner, id, "input.id");
    const next = {
      headline: input.headline?.trim() || old.headline,
      summary: optionalText(input.summary, old.summary),
      body: input.body?.trim() || old.body,
      desk: optionalText(input.desk, old.desk),
      publishedAt: input.publishedAt ?? old.publishedAt,
      url: input.url ?? old.url,
      language: input.language ?? old.language,
    };
    const key = sourceKey(next);
    const [clash] = await runSql(runner, (p) => `SELECT "id" FROM article WHERE "sourceKey" = ${p.bind(key)} AND "id" <> ${p.bind(id)}`);
    if (clash) {
      throw new BadUserInputError(
        `Another article (${toGlobalId("Article", Number(clash.id))}) already has this ${next.url ? "URL" : "content"}`,
        { field: next.url ? "input.url" : "input.body" },
      );
    }
    await runSql(
      runner,
      (u) =>
        `UPDATE article SET "headline" = ${u.bind(next.headline)}, "summary" = ${u.bind(next.summary)}, "body" = ${u.bind(next.body)},` +
        ` "desk" = ${u.bind(next.desk)}, "deskKey" = ${u.bind(next.desk ? nameKey(next.desk) : null)}, "publishedAt" = ${u.bind(next.publishedAt.getTime())},` +
        ` "url" = ${u.bind(next.url)}, "language" = ${u.bind(next.language)}, "wordCount" = ${u.bind(wordCount(next.body))},` +
        ` "contentHash" = ${u.bind(contentHash(next))}, "sourceKey" = ${u.bind(key)}, "updatedAt" = ${u.bind(Date.now())}` +
        ` WHERE "id" = ${u.bind(id)}`,
    );
    await indexArticles(runner, [{ id, ...next, publishedAt: next.publishedAt.getTime() }]);
    const desks = { before: old.desk ? nameKey(old.desk) : null, after: next.desk ? nameKey(next.desk) : null };
    await relink([{ id, publishedAt: next.publishedAt.getTime(), text: next, desks }]);
  });
  ctx.loaders.articleById.clear(id);
  ctx.loaders.mentionsByArticle.clear(id);
  return (await ctx.loaders.articleById.load(id)) as Article;
}

/** `deleteArticle`: removes the article and its edges, and lowers the entities' mention counts. */
export async function deleteArticle(ctx: Context, globalId: string): Promise<string> {
  const id = fromGlobalIdOf(globalId, ["Article"], "input.id").key;
  await ctx.services.ingestion.edit(async (runner) => {
    const old = await storedArticle(runner, id, "input.id");
    const removed = await runSql<{ entityId: number; salience: number }>(runner, (p) => `DELETE FROM mention WHERE "articleId" = ${p.bind(id)} RETURNING "entityId", "salience"`);
    const desk = old.desk ? nameKey(old.desk) : null;
    await applyEdgeChanges(runner, [{ before: new Map(removed.map((r) => [Number(r.entityId), Number(r.salience)])), after: new Map(), deskBefore: desk, deskAfter: desk }]);
    await runSql(runner, (p) => `DELETE FROM article WHERE "id" = ${p.bind(id)}`);
  });
  ctx.loaders.articleById.clear(id);
  ctx.loaders.mentionsByArticle.clear(id);
  return toGlobalId("Article", id);
}
