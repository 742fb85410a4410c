import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Each search document carries its article's publication instant (copied, like mention."publishedAt"),
 * with an index on (publishedAt, articleId): relevance is ranked over the newest matches of a search
 * (RELEVANCE_CANDIDATES in article.service.ts), which PostgreSQL finds by walking this index backward
 * and checking documents until it has enough, instead of ranking every match of a common word (370 ms
 * for two words in 46,000 of a million articles).
 */
export class SearchRecency1795730000000 implements MigrationInterface {
    name = 'SearchRecency1795730000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "article_search" ADD "publishedAt" bigint`);
        await queryRunner.query(`UPDATE "article_search" s SET "publishedAt" = a."publishedAt" FROM "article" a WHERE a."id" = s."articleId"`);
        await queryRunner.query(`ALTER TABLE "article_search" ALTER COLUMN "publishedAt" SET NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_article_search_published" ON "article_search" ("publishedAt", "articleId")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_article_search_published"`);
        await queryRunner.query(`ALTER TABLE "article_search" DROP COLUMN "publishedAt"`);
    }

}
