import type { Logger } from "../logging/logger";

/** Options of stopOnSignals. */
export interface ShutdownOptions {
  logger: Logger;
  /** Exits anyway (code 1) when stopping takes longer than this. */
  timeoutMs: number;
  exit?: (code: number) => void;
}

/**
 * Graceful shutdown on SIGTERM (an orchestrator) and SIGINT (Ctrl-C): `stop` stops accepting
 * requests, lets those in flight finish and closes the database; the process then exits 0. A second
 * signal, or a stop slower than `timeoutMs`, exits 1 at once.
 */
export function stopOnSignals(stop: () => Promise<void>, { logger, timeoutMs, exit = (code) => process.exit(code) }: ShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal during shutdown: exiting now");
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, "shutting down: no new requests, finishing those in flight");
    const force = setTimeout(() => {
      logger.error({ timeoutMs }, "shutdown took too long: exiting now");
      exit(1);
    }, timeoutMs);
    force.unref();
    stop().then(
      () => {
        clearTimeout(force);
        logger.info("stopped");
        exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, "shutdown failed");
        exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  // A cluster worker is told to stop by its primary over IPC rather than by a signal: Ctrl-C already
  // signals every process of the terminal's group, and a second signal would mean "exit now".
  process.on("message", (message) => {
    if (message === SHUTDOWN_MESSAGE && !stopping) onSignal("SIGTERM");
  });
}

/** What a cluster primary sends its workers to make them stop as on SIGTERM. */
export const SHUTDOWN_MESSAGE = "newsgraph:shutdown";
