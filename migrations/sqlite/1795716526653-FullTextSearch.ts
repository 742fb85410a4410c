import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Full-text search (hand-written: TypeORM has no notion of FTS5 tables or triggers).
 *
 * `article_fts` is an FTS5 index over article's headline, summary and body, with `article` as its
 * external content (the text is not stored twice; rowid = article id). The tokenizer folds case and
 * accents and stems English words (porter unicode61 remove_diacritics 2). Triggers on `article` keep
 * it in step on every write, whatever code path writes (the ingest upsert, an editor's update, a
 * delete, SQL by hand); an external-content index must be told the old text to remove it, which is
 * what the 'delete' commands do.
 *
 * Careful: TypeORM's SQLite migrations change a table by rebuilding it (copy to temporary_article,
 * DROP TABLE article, rename), and dropping `article` drops these triggers with it. A later migration
 * that rebuilds `article` must create them again (the search tests check that they exist).
 *
 * No entity maps `article_fts`: TypeORM compares only the tables of its entities, so
 * `migration:generate` ignores it, its shadow tables and the triggers.
 */
export class FullTextSearch1795716526653 implements MigrationInterface {
    name = 'FullTextSearch1795716526653'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE VIRTUAL TABLE "article_fts" USING fts5("headline", "summary", "body", content='article', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')`);
        for (const sql of FullTextSearch1795716526653.triggers) await queryRunner.query(sql);
        // Backfill from the articles already stored.
        await queryRunner.query(`INSERT INTO "article_fts" ("article_fts") VALUES ('rebuild')`);
    }

    /** The triggers that keep article_fts in step with article; exported for migrations that rebuild `article`. */
    static readonly triggers = [
        `CREATE TRIGGER "article_fts_insert" AFTER INSERT ON "article" BEGIN
            INSERT INTO "article_fts" ("rowid", "headline", "summary", "body") VALUES (new."id", new."headline", new."summary", new."body");
        END`,
        `CREATE TRIGGER "article_fts_delete" AFTER DELETE ON "article" BEGIN
            INSERT INTO "article_fts" ("article_fts", "rowid", "headline", "summary", "body") VALUES ('delete', old."id", old."headline", old."summary", old."body");
        END`,
        // Fires for the ingest upsert's DO UPDATE too; skipped when only other columns changed.
        `CREATE TRIGGER "article_fts_update" AFTER UPDATE OF "headline", "summary", "body" ON "article"
        WHEN old."headline" IS NOT new."headline" OR old."summary" IS NOT new."summary" OR old."body" IS NOT new."body" BEGIN
            INSERT INTO "article_fts" ("article_fts", "rowid", "headline", "summary", "body") VALUES ('delete', old."id", old."headline", old."summary", old."body");
            INSERT INTO "article_fts" ("rowid", "headline", "summary", "body") VALUES (new."id", new."headline", new."summary", new."body");
        END`,
    ];

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "article_fts_update"`);
        await queryRunner.query(`DROP TRIGGER "article_fts_delete"`);
        await queryRunner.query(`DROP TRIGGER "article_fts_insert"`);
        await queryRunner.query(`DROP TABLE "article_fts"`);
    }

}
