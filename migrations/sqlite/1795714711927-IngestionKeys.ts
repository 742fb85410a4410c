import { MigrationInterface, QueryRunner } from "typeorm";

export class IngestionKeys1795714711927 implements MigrationInterface {
    name = 'IngestionKeys1795714711927'

    // Generated; edited by hand to backfill sourceKey and deskKey of articles stored before they existed.
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_article_published"`);
        await queryRunner.query(`DROP INDEX "IDX_article_content_hash"`);
        await queryRunner.query(`DROP INDEX "UQ_article_url"`);
        await queryRunner.query(`DROP INDEX "UQ_article_slug"`);
        await queryRunner.query(`CREATE TABLE "temporary_article" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "slug" varchar(200) NOT NULL, "url" varchar(2048), "headline" text NOT NULL, "summary" text, "body" text NOT NULL, "desk" varchar(200), "language" varchar(16) NOT NULL DEFAULT ('en'), "wordCount" integer NOT NULL, "contentHash" varchar(64) NOT NULL, "publishedAt" bigint NOT NULL, "updatedAt" bigint NOT NULL, "deskKey" varchar(200), "sourceKey" varchar(2100) NOT NULL)`);
        await queryRunner.query(`INSERT INTO "temporary_article"("id", "slug", "url", "headline", "summary", "body", "desk", "language", "wordCount", "contentHash", "publishedAt", "updatedAt", "sourceKey") SELECT "id", "slug", "url", "headline", "summary", "body", "desk", "language", "wordCount", "contentHash", "publishedAt", "updatedAt", CASE WHEN "url" IS NOT NULL THEN 'url:' || "url" ELSE 'sha256:' || "contentHash" END FROM "article"`);
        await queryRunner.query(`DROP TABLE "article"`);
        await queryRunner.query(`ALTER TABLE "temporary_article" RENAME TO "article"`);
        await queryRunner.query(`CREATE INDEX "IDX_article_published" ON "article" ("publishedAt", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_article_content_hash" ON "article" ("contentHash") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_article_url" ON "article" ("url") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_article_slug" ON "article" ("slug") `);
        await queryRunner.query(`DROP INDEX "IDX_4d6163e017cdf23cf3b85deccc"`);
        await queryRunner.query(`DROP INDEX "IDX_entity_parent"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_iptc"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_wikidata"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_country_alpha3"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_country_code"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_kind_slug"`);
        await queryRunner.query(`CREATE TABLE "temporary_entity" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "slug" varchar(200) NOT NULL, "name" varchar(200) NOT NULL, "aliases" text NOT NULL, "description" text, "mentionCount" integer NOT NULL DEFAULT (0), "code" varchar(2), "alpha3" varchar(3), "region" varchar(64), "subregion" varchar(64), "capital" varchar(200), "demonyms" text, "wikidataId" varchar(32), "nationalityId" integer, "iptcCode" varchar(8), "parentId" integer, "keywords" text, "status" varchar(16) NOT NULL DEFAULT ('VERIFIED'), "updatedAt" bigint NOT NULL DEFAULT (0), CONSTRAINT "FK_237c29b6379c4ad10441d16e35e" FOREIGN KEY ("parentId") REFERENCES "entity" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_25a7ff7abf9879f3cc4537ff71e" FOREIGN KEY ("nationalityId") REFERENCES "entity" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_entity"("id", "kind", "slug", "name", "aliases", "description", "mentionCount", "code", "alpha3", "region", "subregion", "capital", "demonyms", "wikidataId", "nationalityId", "iptcCode", "parentId", "keywords") SELECT "id", "kind", "slug", "name", "aliases", "description", "mentionCount", "code", "alpha3", "region", "subregion", "capital", "demonyms", "wikidataId", "nationalityId", "iptcCode", "parentId", "keywords" FROM "entity"`);
        await queryRunner.query(`DROP TABLE "entity"`);
        await queryRunner.query(`ALTER TABLE "temporary_entity" RENAME TO "entity"`);
        await queryRunner.query(`CREATE INDEX "IDX_4d6163e017cdf23cf3b85deccc" ON "entity" ("kind") `);
        await queryRunner.query(`CREATE INDEX "IDX_entity_parent" ON "entity" ("parentId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_iptc" ON "entity" ("iptcCode") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_wikidata" ON "entity" ("wikidataId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_country_alpha3" ON "entity" ("alpha3") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_country_code" ON "entity" ("code") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_kind_slug" ON "entity" ("kind", "slug") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_article_source_key" ON "article" ("sourceKey") `);
        await queryRunner.query(`CREATE INDEX "IDX_article_desk_published" ON "article" ("deskKey", "publishedAt", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_entity_nationality" ON "entity" ("nationalityId", "slug", "id") `);
        await this.backfillDeskKeys(queryRunner, () => "?");
    }

    /** Fills deskKey for stored articles: the desk folded as newsgraph folds names (case and accents removed). */
    private async backfillDeskKeys(queryRunner: QueryRunner, placeholder: (n: number) => string): Promise<void> {
        const rows: { id: number; desk: string }[] = await queryRunner.query(`SELECT "id", "desk" FROM "article" WHERE "desk" IS NOT NULL`);
        for (const row of rows) {
            const key = row.desk.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[\u2018\u2019\u02bc]/g, "'").toLowerCase().replace(/\s+/g, " ").trim();
            await queryRunner.query(`UPDATE "article" SET "deskKey" = ${placeholder(1)} WHERE "id" = ${placeholder(2)}`, [key, row.id]);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // Renaming "entity" and "article" away must not rewrite the foreign keys of other tables to the
        // temporary names (they are dropped below); SQLite's legacy rename keeps the references as written.
        await queryRunner.query(`PRAGMA legacy_alter_table = ON`);
        await queryRunner.query(`DROP INDEX "IDX_entity_nationality"`);
        await queryRunner.query(`DROP INDEX "IDX_article_desk_published"`);
        await queryRunner.query(`DROP INDEX "UQ_article_source_key"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_kind_slug"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_country_code"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_country_alpha3"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_wikidata"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_iptc"`);
        await queryRunner.query(`DROP INDEX "IDX_entity_parent"`);
        await queryRunner.query(`DROP INDEX "IDX_4d6163e017cdf23cf3b85deccc"`);
        await queryRunner.query(`ALTER TABLE "entity" RENAME TO "temporary_entity"`);
        await queryRunner.query(`CREATE TABLE "entity" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "slug" varchar(200) NOT NULL, "name" varchar(200) NOT NULL, "aliases" text NOT NULL, "description" text, "mentionCount" integer NOT NULL DEFAULT (0), "code" varchar(2), "alpha3" varchar(3), "region" varchar(64), "subregion" varchar(64), "capital" varchar(200), "demonyms" text, "wikidataId" varchar(32), "nationalityId" integer, "iptcCode" varchar(8), "parentId" integer, "keywords" text, CONSTRAINT "FK_237c29b6379c4ad10441d16e35e" FOREIGN KEY ("parentId") REFERENCES "entity" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_25a7ff7abf9879f3cc4537ff71e" FOREIGN KEY ("nationalityId") REFERENCES "entity" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "entity"("id", "kind", "slug", "name", "aliases", "description", "mentionCount", "code", "alpha3", "region", "subregion", "capital", "demonyms", "wikidataId", "nationalityId", "iptcCode", "parentId", "keywords") SELECT "id", "kind", "slug", "name", "aliases", "description", "mentionCount", "code", "alpha3", "region", "subregion", "capital", "demonyms", "wikidataId", "nationalityId", "iptcCode", "parentId", "keywords" FROM "temporary_entity"`);
        await queryRunner.query(`DROP TABLE "temporary_entity"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_kind_slug" ON "entity" ("kind", "slug") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_country_code" ON "entity" ("code") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_country_alpha3" ON "entity" ("alpha3") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_wikidata" ON "entity" ("wikidataId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_iptc" ON "entity" ("iptcCode") `);
        await queryRunner.query(`CREATE INDEX "IDX_entity_parent" ON "entity" ("parentId") `);
        await queryRunner.query(`CREATE INDEX "IDX_4d6163e017cdf23cf3b85deccc" ON "entity" ("kind") `);
        await queryRunner.query(`DROP INDEX "UQ_article_slug"`);
        await queryRunner.query(`DROP INDEX "UQ_article_url"`);
        await queryRunner.query(`DROP INDEX "IDX_article_content_hash"`);
        await queryRunner.query(`DROP INDEX "IDX_article_published"`);
        await queryRunner.query(`ALTER TABLE "article" RENAME TO "temporary_article"`);
        await queryRunner.query(`CREATE TABLE "article" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "slug" varchar(200) NOT NULL, "url" varchar(2048), "headline" text NOT NULL, "summary" text, "body" text NOT NULL, "desk" varchar(200), "language" varchar(16) NOT NULL DEFAULT ('en'), "wordCount" integer NOT NULL, "contentHash" varchar(64) NOT NULL, "publishedAt" bigint NOT NULL, "updatedAt" bigint NOT NULL)`);
        await queryRunner.query(`INSERT INTO "article"("id", "slug", "url", "headline", "summary", "body", "desk", "language", "wordCount", "contentHash", "publishedAt", "updatedAt") SELECT "id", "slug", "url", "headline", "summary", "body", "desk", "language", "wordCount", "contentHash", "publishedAt", "updatedAt" FROM "temporary_article"`);
        await queryRunner.query(`DROP TABLE "temporary_article"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_article_slug" ON "article" ("slug") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_article_url" ON "article" ("url") `);
        await queryRunner.query(`CREATE INDEX "IDX_article_content_hash" ON "article" ("contentHash") `);
        await queryRunner.query(`CREATE INDEX "IDX_article_published" ON "article" ("publishedAt", "id") `);
        await queryRunner.query(`PRAGMA legacy_alter_table = OFF`);
    }

}
