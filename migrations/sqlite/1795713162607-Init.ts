import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The first schema. Generated, then rewritten by hand: TypeORM's SQLite generator creates each table
 * without its foreign keys and then rebuilds it through a temporary_* copy to add them; here every table
 * is created once with its foreign keys inline. The resulting schema is the same, column for column and
 * constraint for constraint, so `migration:generate` still finds nothing to change.
 */
export class Init1795713162607 implements MigrationInterface {
    name = 'Init1795713162607'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "article" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "slug" varchar(200) NOT NULL, "url" varchar(2048), "headline" text NOT NULL, "summary" text, "body" text NOT NULL, "desk" varchar(200), "language" varchar(16) NOT NULL DEFAULT ('en'), "wordCount" integer NOT NULL, "contentHash" varchar(64) NOT NULL, "publishedAt" bigint NOT NULL, "updatedAt" bigint NOT NULL)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_article_slug" ON "article" ("slug") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_article_url" ON "article" ("url") `);
        await queryRunner.query(`CREATE INDEX "IDX_article_content_hash" ON "article" ("contentHash") `);
        await queryRunner.query(`CREATE INDEX "IDX_article_published" ON "article" ("publishedAt", "id") `);
        await queryRunner.query(`CREATE TABLE "entity" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "slug" varchar(200) NOT NULL, "name" varchar(200) NOT NULL, "aliases" text NOT NULL, "description" text, "mentionCount" integer NOT NULL DEFAULT (0), "code" varchar(2), "alpha3" varchar(3), "region" varchar(64), "subregion" varchar(64), "capital" varchar(200), "demonyms" text, "wikidataId" varchar(32), "nationalityId" integer, "iptcCode" varchar(8), "parentId" integer, "keywords" text, CONSTRAINT "FK_25a7ff7abf9879f3cc4537ff71e" FOREIGN KEY ("nationalityId") REFERENCES "entity" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_237c29b6379c4ad10441d16e35e" FOREIGN KEY ("parentId") REFERENCES "entity" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_kind_slug" ON "entity" ("kind", "slug") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_country_code" ON "entity" ("code") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_country_alpha3" ON "entity" ("alpha3") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_wikidata" ON "entity" ("wikidataId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_entity_iptc" ON "entity" ("iptcCode") `);
        await queryRunner.query(`CREATE INDEX "IDX_entity_parent" ON "entity" ("parentId") `);
        await queryRunner.query(`CREATE INDEX "IDX_4d6163e017cdf23cf3b85deccc" ON "entity" ("kind") `);
        await queryRunner.query(`CREATE TABLE "entity_name" ("key" varchar(200) NOT NULL, "entityId" integer NOT NULL, CONSTRAINT "FK_f348a5253941b9848bfa1dbd35d" FOREIGN KEY ("entityId") REFERENCES "entity" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("key", "entityId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_entity_name_entity" ON "entity_name" ("entityId") `);
        await queryRunner.query(`CREATE TABLE "mention" ("articleId" integer NOT NULL, "entityId" integer NOT NULL, "publishedAt" bigint NOT NULL, "count" integer NOT NULL, "salience" real NOT NULL, "role" varchar(8) NOT NULL, CONSTRAINT "FK_1c2c9296760e34ee7388f91017b" FOREIGN KEY ("articleId") REFERENCES "article" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_d01675da9ddf57bef5692fca8b7" FOREIGN KEY ("entityId") REFERENCES "entity" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("articleId", "entityId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_mention_entity_published" ON "mention" ("entityId", "publishedAt", "articleId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_mention_entity_published"`);
        await queryRunner.query(`DROP TABLE "mention"`);
        await queryRunner.query(`DROP INDEX "IDX_entity_name_entity"`);
        await queryRunner.query(`DROP TABLE "entity_name"`);
        await queryRunner.query(`DROP INDEX "IDX_4d6163e017cdf23cf3b85deccc"`);
        await queryRunner.query(`DROP INDEX "IDX_entity_parent"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_iptc"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_wikidata"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_country_alpha3"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_country_code"`);
        await queryRunner.query(`DROP INDEX "UQ_entity_kind_slug"`);
        await queryRunner.query(`DROP TABLE "entity"`);
        await queryRunner.query(`DROP INDEX "IDX_article_published"`);
        await queryRunner.query(`DROP INDEX "IDX_article_content_hash"`);
        await queryRunner.query(`DROP INDEX "UQ_article_url"`);
        await queryRunner.query(`DROP INDEX "UQ_article_slug"`);
        await queryRunner.query(`DROP TABLE "article"`);
    }

}
