import { MigrationInterface, QueryRunner } from "typeorm";

export class CoMentionCounts1795716361325 implements MigrationInterface {
    name = 'CoMentionCounts1795716361325'

    // Generated, then clustered on its key (WITHOUT ROWID: one B-tree per row), plus a backfill.
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "co_mention" ("entityId" integer NOT NULL, "otherId" integer NOT NULL, "count" integer NOT NULL, "weight" integer NOT NULL, PRIMARY KEY ("entityId", "otherId")) WITHOUT ROWID`);
        // Backfill from the mentions already stored.
        await queryRunner.query(`INSERT INTO "co_mention" ("entityId", "otherId", "count", "weight") SELECT m1."entityId", m2."entityId", COUNT(*), SUM(CAST(ROUND(m2."salience" * 1000) AS INTEGER)) FROM "mention" m1 JOIN "mention" m2 ON m2."articleId" = m1."articleId" AND m2."entityId" <> m1."entityId" GROUP BY m1."entityId", m2."entityId"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "co_mention"`);
    }

}
