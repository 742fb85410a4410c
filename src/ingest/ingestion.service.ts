import type { DataSource, QueryRunner } from "typeorm";
import { writeTransaction } from "../db/transaction";
import type { GazetteerEntry } from "./gazetteer";
import { Ingestor, type ArticleToLink, type IngestOutcome } from "./ingest.service";
import type { ParsedArticle } from "./page-parser";

/**
 * The ingestion pipeline as the API server uses it (`ingestArticle`, `updateArticle`): one
 * Ingestor per process whose gazetteer is rebuilt when the entities changed since it was built —
 * checked with one cheap query per use, so editors' changes (and other instances') take effect.
 */
export class IngestionService {
  private ingestor: Promise<Ingestor> | null = null;
  private version: string | null = null;

  constructor(
    private readonly db: DataSource,
    readonly timeZone: string,
    /** Runs after each committed write, before the caller hears of it (the server drops cached responses). */
    private readonly afterWrite: () => Promise<unknown> = async () => {},
  ) {}

  private async currentVersion(): Promise<string> {
    const [row] = await this.db.query(`SELECT COUNT(*) AS n, MAX("id") AS id, MAX("updatedAt") AS at FROM entity`);
    return `${row.n}:${row.id}:${row.at}`;
  }

  /** An ingestor whose gazetteer knows every entity now in the database. */
  async current(): Promise<Ingestor> {
    const version = await this.currentVersion();
    if (!this.ingestor || version !== this.version) {
      this.version = version;
      this.ingestor = Ingestor.open(this.db);
    }
    return this.ingestor;
  }

  /** Links and stores one article; a record the pipeline refuses throws RejectedInput. */
  async ingest(source: string, article: ParsedArticle): Promise<IngestOutcome> {
    const ingestor = await this.current();
    const { outcomes, rejected, createdPeople } = await ingestor.ingest([{ source, article }]);
    if (rejected.length) throw rejected[0];
    await this.afterWrite();
    // People created now are already in this ingestor's gazetteer: no rebuild needed for them.
    if (createdPeople) this.version = await this.currentVersion();
    return outcomes[0];
  }

  /**
   * Runs an editor's write in one transaction, with a way to re-link changed articles inside it;
   * people the linking creates are learnt only once the transaction has committed.
   */
  async edit<T>(work: (runner: QueryRunner, relink: (articles: ArticleToLink[]) => Promise<void>) => Promise<T>): Promise<T> {
    const ingestor = await this.current();
    const created: GazetteerEntry[] = [];
    const result = await writeTransaction(this.db, async (runner) => {
      created.length = 0;
      return work(runner, async (articles) => {
        created.push(...(await ingestor.linkWithin(runner, articles)));
      });
    });
    ingestor.learn(created);
    await this.afterWrite();
    if (created.length) this.version = await this.currentVersion();
    return result;
  }

  /** Re-links stored articles with the current gazetteer. */
  async relink(articleIds: number[]): Promise<void> {
    const ingestor = await this.current();
    const { createdPeople } = await ingestor.relink(articleIds);
    await this.afterWrite();
    if (createdPeople) this.version = await this.currentVersion();
  }
}
