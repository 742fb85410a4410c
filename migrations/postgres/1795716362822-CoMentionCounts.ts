import { MigrationInterface, QueryRunner } from "typeorm";

export class CoMentionCounts1795716362822 implements MigrationInterface {
    name = 'CoMentionCounts1795716362822'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "co_mention" ("entityId" integer NOT NULL, "otherId" integer NOT NULL, "count" integer NOT NULL, "weight" integer NOT NULL, CONSTRAINT "PK_d910ef940bac1c5ec9934b66c57" PRIMARY KEY ("entityId", "otherId"))`);
        // Pair counts change constantly: leave room in each page for updates in place (HOT).
        await queryRunner.query(`ALTER TABLE "co_mention" SET (fillfactor = 80)`);
        // Backfill from the mentions already stored.
        await queryRunner.query(`INSERT INTO "co_mention" ("entityId", "otherId", "count", "weight") SELECT m1."entityId", m2."entityId", COUNT(*), SUM(CAST(ROUND(m2."salience" * 1000) AS INTEGER)) FROM "mention" m1 JOIN "mention" m2 ON m2."articleId" = m1."articleId" AND m2."entityId" <> m1."entityId" GROUP BY m1."entityId", m2."entityId"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "co_mention"`);
    }

}
