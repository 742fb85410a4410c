import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Full-text search (hand-written: TypeORM has no notion of tsvector documents or triggers).
 *
 * `article_search` holds one weighted tsvector per article (headline A, summary B, body C; the
 * 'english' configuration, so words are stemmed and stop words dropped) with a GIN index. Triggers on
 * `article` keep it in step on every write, whatever code path writes (the ingest upsert, an editor's
 * update, SQL by hand); deleting an article cascades. Accents are removed before indexing (NFKD, then
 * combining marks dropped), so "Erdogan" finds "Erdoğan"; searches fold their terms the same way.
 *
 * No entity maps `article_search`: TypeORM compares only the tables of its entities, so
 * `migration:generate` ignores this table, its functions and the triggers.
 */
export class FullTextSearch1795716527656 implements MigrationInterface {
    name = 'FullTextSearch1795716527656'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "article_search" ("articleId" integer PRIMARY KEY REFERENCES "article" ("id") ON DELETE CASCADE, "document" tsvector NOT NULL)`);
        // Documents stay in the table's own pages (compressed) rather than in TOAST. The planner costs a
        // sequential scan by pages: with the documents out of line it looked cheap though every row had
        // to be fetched from TOAST and decompressed, and it preferred it to the GIN index whenever the
        // index's pending list (fastupdate) was long, e.g. after a bulk ingest (46 ms instead of 2 ms
        // for a two-word search over 20,000 articles). Ranking reads the documents of every match too.
        await queryRunner.query(`ALTER TABLE "article_search" ALTER COLUMN "document" SET STORAGE MAIN`);
        // The one definition of an article's search document, for the trigger and the backfill.
        await queryRunner.query(`CREATE FUNCTION article_search_document(headline text, summary text, body text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT setweight(to_tsvector('english', regexp_replace(normalize(coalesce(headline, ''), NFKD), '[\\u0300-\\u036f]', '', 'g')), 'A')
                    || setweight(to_tsvector('english', regexp_replace(normalize(coalesce(summary, ''), NFKD), '[\\u0300-\\u036f]', '', 'g')), 'B')
                    || setweight(to_tsvector('english', regexp_replace(normalize(coalesce(body, ''), NFKD), '[\\u0300-\\u036f]', '', 'g')), 'C')
            $$`);
        // SET search_path FROM CURRENT: the trigger writes to the article_search beside the article table
        // it fires on, whatever the writer's search_path (tests keep each file in a schema of its own).
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
        // Fires for the ingest upsert's DO UPDATE too; skipped when only other columns changed.
        await queryRunner.query(`CREATE TRIGGER "article_search_update" AFTER UPDATE OF "headline", "summary", "body" ON "article" FOR EACH ROW
            WHEN (OLD."headline" IS DISTINCT FROM NEW."headline" OR OLD."summary" IS DISTINCT FROM NEW."summary" OR OLD."body" IS DISTINCT FROM NEW."body")
            EXECUTE FUNCTION article_search_refresh()`);
        await queryRunner.query(`INSERT INTO "article_search" ("articleId", "document") SELECT "id", article_search_document("headline", "summary", "body") FROM "article"`);
        await queryRunner.query(`CREATE INDEX "IDX_article_search_document" ON "article_search" USING GIN ("document")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "article_search_update" ON "article"`);
        await queryRunner.query(`DROP TRIGGER "article_search_insert" ON "article"`);
        await queryRunner.query(`DROP TABLE "article_search"`);
        await queryRunner.query(`DROP FUNCTION article_search_refresh()`);
        await queryRunner.query(`DROP FUNCTION article_search_document(text, text, text)`);
    }

}
