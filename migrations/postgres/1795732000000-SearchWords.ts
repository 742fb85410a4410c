import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Each search document's words without positions or weights, beside it: what searches check. A search
 * for the newest matches walks the documents' date index and checks rows until it has enough; "nuclear
 * talks" at a million articles checks 4,458 rows for its 200 newest matches, and each check
 * decompressed the whole document (about 2.4 KB, stored compressed in the row). The words (about
 * 1.5 KB) are a generated column, `strip(document)`, so every writer (and an instance of an older
 * version during a rolling deploy) keeps them in step; they stay uncompressed in the row (STORAGE
 * MAIN: compressed only for the rare article whose words alone do not fit), and the document, read only
 * to rank the matches and to check a phrase, moves out of line (EXTENDED, compressed). The GIN index
 * moves to the words too (it never held positions). Adding the column rewrites the table: on a large
 * archive this takes minutes (1 min 22 s for a million articles here).
 */
export class SearchWords1795732000000 implements MigrationInterface {
    name = 'SearchWords1795732000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_article_search_document"`);
        // One ALTER: the storage settings are in place before the rewrite that fills the new column.
        await queryRunner.query(
            `ALTER TABLE "article_search" ADD "words" tsvector GENERATED ALWAYS AS (strip("document")) STORED,` +
            ` ALTER COLUMN "words" SET STORAGE MAIN, ALTER COLUMN "document" SET STORAGE EXTENDED`,
        );
        await queryRunner.query(`CREATE INDEX "IDX_article_search_words" ON "article_search" USING GIN ("words")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_article_search_words"`);
        await queryRunner.query(`ALTER TABLE "article_search" DROP COLUMN "words", ALTER COLUMN "document" SET STORAGE MAIN`);
        await queryRunner.query(`CREATE INDEX "IDX_article_search_document" ON "article_search" USING GIN ("document")`);
    }

}
