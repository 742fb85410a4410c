import type { QueryRunner } from "typeorm";
import { dialectOf, insertRows } from "../db/sql";
import { searchDocumentBinary, type SearchText } from "./search-document";

/** An article whose text was written, with its search document when it was built already. */
export type IndexedArticle = SearchText & { id: number; publishedAt: number; document?: Uint8Array };

/**
 * Keeps the search index in step with articles whose text was just written, in the writer's
 * transaction. PostgreSQL: upserts each article's `article_search` document, built by newsgraph
 * (search-document.ts) and sent in binary, with the article's publication instant. SQLite: nothing to do, the FTS5 table follows the article table by trigger.
 */
export async function indexArticles(runner: QueryRunner, articles: readonly IndexedArticle[]): Promise<void> {
  if (dialectOf(runner.connection) !== "postgres") return;
  await insertRows(
    runner,
    `INSERT INTO article_search ("articleId", "publishedAt", "document")`,
    ["int", "bigint", "tsvector"],
    articles.map((a) => [a.id, a.publishedAt, a.document ?? searchDocumentBinary(a)]),
    ` ON CONFLICT ("articleId") DO UPDATE SET "publishedAt" = excluded."publishedAt", "document" = excluded."document"`,
  );
}
