import { MigrationInterface, QueryRunner } from "typeorm";
import { searchDocument } from "../../src/search/search-document";

/**
 * Search documents are built by newsgraph (src/search/search-document.ts) and written by its article
 * writers (ingestion and `updateArticle`, through indexArticles) instead of by triggers calling
 * `to_tsvector('english', …)`: PostgreSQL's text-search parser cost about 0.6 ms of database time per
 * article, on the one connection ingestion writes through. Documents and queries are now made by the
 * same code, so every stored document is rebuilt here, in batches by id. An article changed by SQL
 * outside newsgraph keeps its old document until newsgraph writes it again.
 */
export class SearchDocumentsByApplication1795724251931 implements MigrationInterface {
    name = 'SearchDocumentsByApplication1795724251931'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "article_search_update" ON "article"`);
        await queryRunner.query(`DROP TRIGGER "article_search_insert" ON "article"`);
        await queryRunner.query(`DROP FUNCTION article_search_refresh()`);
        await queryRunner.query(`DROP FUNCTION article_search_document(text, text, text)`);
        let after = 0;
        for (;;) {
            const rows: { id: number; headline: string; summary: string | null; body: string }[] = await queryRunner.query(
                `SELECT "id", "headline", "summary", "body" FROM "article" WHERE "id" > $1 ORDER BY "id" LIMIT 1000`,
                [after],
            );
            if (!rows.length) break;
            await queryRunner.query(
                `INSERT INTO "article_search" ("articleId", "document") SELECT * FROM unnest($1::int[], $2::tsvector[])` +
                ` ON CONFLICT ("articleId") DO UPDATE SET "document" = excluded."document"`,
                [rows.map((r) => r.id), rows.map((r) => searchDocument(r))],
            );
            after = rows[rows.length - 1].id;
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // The definitions of migration FullTextSearch1795716527656, and its documents rebuilt with them.
        await queryRunner.query(`CREATE FUNCTION article_search_document(headline text, summary text, body text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT setweight(to_tsvector('english', regexp_replace(normalize(coalesce(headline, ''), NFKD), '[\\u0300-\\u036f]', '', 'g')), 'A')
                    || setweight(to_tsvector('english', regexp_replace(normalize(coalesce(summary, ''), NFKD), '[\\u0300-\\u036f]', '', 'g')), 'B')
                    || setweight(to_tsvector('english', regexp_replace(normalize(coalesce(body, ''), NFKD), '[\\u0300-\\u036f]', '', 'g')), 'C')
            $$`);
        await queryRunner.query(`CREATE FUNCTION article_search_refresh() RETURNS trigger
            LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
                INSERT INTO article_search ("articleId", "document")
                VALUES (NEW."id", article_search_document(NEW."headline", NEW."summary", NEW."body"))
                ON CONFLICT ("articleId") DO UPDATE SET "document" = EXCLUDED."document";
                RETURN NULL;
            END
            $$`);
        await queryRunner.query(`CREATE TRIGGER "article_search_insert" AFTER INSERT ON "article" FOR EACH ROW EXECUTE FUNCTION article_search_refresh()`);
        await queryRunner.query(`CREATE TRIGGER "article_search_update" AFTER UPDATE OF "headline", "summary", "body" ON "article" FOR EACH ROW
            WHEN (OLD."headline" IS DISTINCT FROM NEW."headline" OR OLD."summary" IS DISTINCT FROM NEW."summary" OR OLD."body" IS DISTINCT FROM NEW."body")
            EXECUTE FUNCTION article_search_refresh()`);
        await queryRunner.query(`UPDATE "article_search" s SET "document" = article_search_document(a."headline", a."summary", a."body") FROM "article" a WHERE a."id" = s."articleId"`);
    }

}
