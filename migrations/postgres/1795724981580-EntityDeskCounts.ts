import { MigrationInterface, QueryRunner } from "typeorm";

export class EntityDeskCounts1795724981580 implements MigrationInterface {
    name = 'EntityDeskCounts1795724981580'

    // Generated, plus a backfill.
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "entity_desk" ("entityId" integer NOT NULL, "deskKey" character varying(200) NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_fc6d6055b440586507d9fa5105e" PRIMARY KEY ("entityId", "deskKey"))`);
        await queryRunner.query(`INSERT INTO "entity_desk" ("entityId", "deskKey", "count") SELECT m."entityId", a."deskKey", COUNT(*) FROM "mention" m JOIN "article" a ON a."id" = m."articleId" WHERE a."deskKey" IS NOT NULL GROUP BY m."entityId", a."deskKey"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "entity_desk"`);
    }

}
