import cluster, { type Worker } from "node:cluster";
import type { Logger } from "../logging/logger";
import { SHUTDOWN_MESSAGE } from "./shutdown";

/** Options of superviseWorkers. */
export interface ClusterOptions {
  workers: number;
  logger: Logger;
  /** How long workers get to finish in-flight requests after SIGTERM/SIGINT before being killed. */
  shutdownTimeoutMs: number;
}

/** Restarts of a crashing worker are spaced by this much at least, so a crash loop cannot spin. */
const RESTART_DELAY_MS = 1_000;

/**
 * Runs `workers` server processes sharing one port (node:cluster): one Node.js process executes
 * GraphQL on one core, and a request's CPU time (parsing, validation, resolvers, serialising) is what
 * saturates first under concurrent clients. The primary prepares the database once before calling
 * this, forks the workers (each runs `newsgraph serve` as a worker: it opens its own connections and
 * serves), restarts a worker that dies unexpectedly, and on SIGTERM/SIGINT tells the workers to stop
 * (over IPC) and exits once every worker has drained; a second signal, or workers slower than the timeout, kill them.
 * Resolves with the exit code when the cluster has stopped.
 */
export function superviseWorkers({ workers, logger, shutdownTimeoutMs }: ClusterOptions): Promise<number> {
  let stopping = false;
  const live = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once("exit", (code, signal) => {
      live.delete(worker);
      if (stopping) {
        if (live.size === 0) finish(0);
        return;
      }
      logger.error({ pid: worker.process.pid, code, signal }, "server worker exited unexpectedly; starting another");
      setTimeout(() => {
        if (!stopping) fork();
      }, RESTART_DELAY_MS).unref();
    });
  };
  let finish: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal during shutdown: stopping workers now");
      for (const worker of live) worker.process.kill("SIGKILL");
      finish(1);
      return;
    }
    stopping = true;
    logger.info({ signal, workers: live.size }, "shutting down: workers finish the requests in flight");
    if (live.size === 0) finish(0);
    for (const worker of live) worker.send(SHUTDOWN_MESSAGE);
    setTimeout(() => {
      if (live.size === 0) return;
      logger.error({ timeoutMs: shutdownTimeoutMs }, "workers took too long to stop: killing them");
      for (const worker of live) worker.process.kill("SIGKILL");
      finish(1);
    }, shutdownTimeoutMs + 5_000).unref();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  for (let i = 0; i < workers; i += 1) fork();
  return stopped;
}

/** Whether this process is a server worker forked by superviseWorkers. */
export function isClusterWorker(): boolean {
  return cluster.isWorker;
}
