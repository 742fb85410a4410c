import type { QueryRunner } from "typeorm";
import { dialectOf, runSql } from "../db/sql";
import { searchDocument, type SearchText } from "./search-document";

/** Documents per INSERT: two parameters each, far below PostgreSQL's limit. */
const DOCUMENTS_PER_INSERT = 500;

/**
 * Keeps the search index in step with articles whose text was just written, in the writer's
 * transaction. PostgreSQL: upserts each article's `article_search` document, built by newsgraph
 * (search-document.ts). SQLite: nothing to do, the FTS5 table follows the article table by trigger.
 */
export async function indexArticles(runner: QueryRunner, articles: readonly (SearchText & { id: number })[]): Promise<void> {
  if (dialectOf(runner.connection) !== "postgres") return;
  for (let i = 0; i < articles.length; i += DOCUMENTS_PER_INSERT) {
    const chunk = articles.slice(i, i + DOCUMENTS_PER_INSERT);
    await runSql(runner, (p) =>
      `INSERT INTO article_search ("articleId", "document") VALUES ${chunk.map((a) => `(${p.bind(a.id)}, ${p.bind(searchDocument(a))}::tsvector)`).join(", ")}` +
      ` ON CONFLICT ("articleId") DO UPDATE SET "document" = excluded."document"`,
    );
  }
}
