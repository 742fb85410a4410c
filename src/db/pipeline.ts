import { QueryFailedError, type DataSource } from "typeorm";

/** What a PostgreSQL pool client offers the pipeline (node-postgres's `Client` with `pipeline: true`). */
interface PipelineClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  connection: { stream: { cork(): void; uncork(): void } };
  on(event: "error", listener: (error: Error) => void): void;
  off(event: "error", listener: (error: Error) => void): void;
  release(error?: Error | boolean): void;
}

interface Pool {
  connect(): Promise<PipelineClient>;
}

interface Pending {
  text: string;
  values: unknown[] | undefined;
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
}

/** Most statements one pipeline carries; more go down other connections of the pool. */
export const MAX_STATEMENTS_PER_PIPELINE = 8;

/** Pipelines and statements sent so far (tests and benchmarks read them). */
export interface PipelineStats {
  pipelines: number;
  statements: number;
}

const READ = /^\s*SELECT\b/i;

/**
 * Reads that go alone, as TypeORM sends them. Full-text searches (`@@`), the slowest of newsgraph's
 * reads, would hold up the statements behind them, other searches included: at a million articles and
 * 10 clients, searches pipelined together had a p99 of 95–106 ms, searches sent alone 73–79 (for 10%
 * less throughput). A statement that takes locks (FOR UPDATE/SHARE, advisory locks) could wait behind a
 * lock whose holder waits for a read queued behind it, a wait no one would see. `SELECT … INTO` writes.
 */
const ALONE = /@@|\bFOR\s+(?:NO\s+KEY\s+UPDATE|UPDATE|SHARE|KEY\s+SHARE)\b|\bINTO\b|pg_advisory/i;

/** SQLSTATE classes and severities after which a connection is gone (server shutdown, connection failure). */
function endsConnection(error: Error & { code?: string; severity?: string }): boolean {
  return !error.code || error.code.startsWith("08") || error.code.startsWith("57P") || error.severity === "FATAL" || error.severity === "PANIC";
}

const statsOf = new WeakMap<DataSource, PipelineStats>();

/** The pipelines a data source has sent (null when its reads are not pipelined). */
export function pipelineStats(dataSource: DataSource): PipelineStats | null {
  return statsOf.get(dataSource) ?? null;
}

/**
 * Sends the read statements a PostgreSQL data source runs outside transactions in pipelines: those
 * issued during one turn of the event loop (the batches of every DataLoader that fired, for every
 * request in flight) go down one pooled connection together, in one write, and PostgreSQL answers
 * them one after another without waiting for the client in between (node-postgres's pipeline mode;
 * each statement keeps its own Sync, so each succeeds or fails alone, under its own statement
 * timeout). On a busy server most of what a statement cost the API process was the system call
 * that sent it and waking PostgreSQL to read it; a pipeline pays those once. At most
 * MAX_STATEMENTS_PER_PIPELINE share a connection, so that a slow statement delays few others, and
 * searches and statements that take locks go alone (ALONE).
 *
 * Statements are counted (QueryStatsLogger) and fail (QueryFailedError) as TypeORM's own
 * `DataSource.query` would. Writes, and everything run through a query runner (transactions), take
 * TypeORM's path unchanged. The pool's clients must be made with `pipeline: true`.
 */
export function pipelineReads(dataSource: DataSource): void {
  const stats: PipelineStats = { pipelines: 0, statements: 0 };
  statsOf.set(dataSource, stats);
  const query = dataSource.query.bind(dataSource);
  // The statements issued in this turn of the event loop.
  let pending: Pending[] | null = null;

  const send = async (batch: Pending[]) => {
    // A pool that cannot connect rejects the call, and with it the batch (flush).
    const client = await (dataSource.driver as unknown as { master: Pool }).master.connect();
    stats.pipelines += 1;
    stats.statements += batch.length;
    // A connection lost while in use (its statements then fail without an SQLSTATE, or with a fatal
    // one) is not given back to the pool for reuse. As with TypeORM's own queries, its error event is
    // only logged: unheard, it would end the process.
    let broken = false;
    const lost = (error: Error) => {
      broken = true;
      dataSource.logger.log("warn", `PostgreSQL connection lost during a pipeline: ${error.message}`);
    };
    client.on("error", lost);
    try {
      // Corked, the statements' messages leave in one write when the last one is queued.
      const { stream } = client.connection;
      stream.cork();
      const sent = batch.map((statement) =>
        client.query(statement.text, statement.values).then(
          (result) => statement.resolve(result.rows),
          (error: Error & { code?: string; severity?: string }) => {
            if (endsConnection(error)) broken = true;
            statement.reject(new QueryFailedError(statement.text, statement.values, error));
            dataSource.logger.logQueryError(error, statement.text, statement.values);
          },
        ),
      );
      stream.uncork();
      await Promise.allSettled(sent);
    } finally {
      client.off("error", lost);
      client.release(broken);
    }
  };

  const flush = () => {
    const batch = pending as Pending[];
    pending = null;
    for (let i = 0; i < batch.length; i += MAX_STATEMENTS_PER_PIPELINE) {
      const slice = batch.slice(i, i + MAX_STATEMENTS_PER_PIPELINE);
      send(slice).catch((error: unknown) => {
        for (const statement of slice) statement.reject(error);
      });
    }
  };

  dataSource.query = (<T>(text: string, values?: unknown[], queryRunner?: unknown): Promise<T> => {
    if (queryRunner || !READ.test(text) || ALONE.test(text)) return query(text, values, queryRunner as never);
    dataSource.logger.logQuery(text, values);
    return new Promise<T>((resolve, reject) => {
      if (!pending) {
        pending = [];
        setImmediate(flush);
      }
      pending.push({ text, values, resolve: resolve as (rows: unknown[]) => void, reject });
    });
  }) as DataSource["query"];
}
