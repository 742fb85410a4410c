import { MigrationInterface, QueryRunner } from "typeorm";

export class IngestionKeys1795714712844 implements MigrationInterface {
    name = 'IngestionKeys1795714712844'

    // Generated; edited by hand to backfill sourceKey and deskKey of articles stored before they existed.
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "article" ADD "deskKey" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "article" ADD "sourceKey" character varying(2100)`);
        await queryRunner.query(`UPDATE "article" SET "sourceKey" = CASE WHEN "url" IS NOT NULL THEN 'url:' || "url" ELSE 'sha256:' || "contentHash" END`);
        await queryRunner.query(`ALTER TABLE "article" ALTER COLUMN "sourceKey" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "entity" ADD "status" character varying(16) NOT NULL DEFAULT 'VERIFIED'`);
        await queryRunner.query(`ALTER TABLE "entity" ADD "updatedAt" bigint NOT NULL DEFAULT '0'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_article_source_key" ON "article"  ("sourceKey") `);
        await queryRunner.query(`CREATE INDEX "IDX_article_desk_published" ON "article"  ("deskKey", "publishedAt", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_entity_nationality" ON "entity"  ("nationalityId", "slug", "id") `);
        await this.backfillDeskKeys(queryRunner, (n) => `$${n}`);
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
        await queryRunner.query(`DROP INDEX "IDX_entity_nationality"`);
        await queryRunner.query(`DROP INDEX "IDX_article_desk_published"`);
        await queryRunner.query(`DROP INDEX "UQ_article_source_key"`);
        await queryRunner.query(`ALTER TABLE "entity" DROP COLUMN "updatedAt"`);
        await queryRunner.query(`ALTER TABLE "entity" DROP COLUMN "status"`);
        await queryRunner.query(`ALTER TABLE "article" DROP COLUMN "sourceKey"`);
        await queryRunner.query(`ALTER TABLE "article" DROP COLUMN "deskKey"`);
    }

}
