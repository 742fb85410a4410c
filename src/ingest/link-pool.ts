import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { GazetteerEntry } from "./gazetteer";
import type { LinkableText, LinkResult } from "./linker";

/** Messages the pool sends to its workers. */
export type LinkWorkerRequest =
  | { type: "add"; entries: GazetteerEntry[] }
  | { type: "link"; id: number; articles: LinkableText[]; discover: boolean };

/** A worker's answer to a "link" request. */
export interface LinkWorkerResponse {
  id: number;
  results?: LinkResult[];
  error?: string;
}

/**
 * Links articles on worker threads, each holding its own copy of the gazetteer, so that linking
 * (the costly, CPU-bound part of ingestion) runs beside the database writes on another core.
 * Entities created while ingesting are broadcast to every worker with `add`.
 */
export class LinkPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (r: LinkResult[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private turn = 0;

  constructor(entries: GazetteerEntry[], size = Math.max(1, Math.min(4, os.availableParallelism() - 1))) {
    const script = path.join(__dirname, "link.worker.js");
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script, { workerData: { entries } });
      worker.on("message", (message: LinkWorkerResponse) => {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if (message.error) waiting.reject(new Error(message.error));
        else waiting.resolve(message.results ?? []);
      });
      worker.on("error", (error) => {
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
      worker.unref();
      return worker;
    });
  }

  /** Teaches every worker new entities. */
  add(entries: GazetteerEntry[]): void {
    if (!entries.length) return;
    for (const worker of this.workers) worker.postMessage({ type: "add", entries } satisfies LinkWorkerRequest);
  }

  /** Links articles on the next worker in turn; results come back in input order. */
  link(articles: LinkableText[], discover: boolean): Promise<LinkResult[]> {
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ type: "link", id, articles, discover } satisfies LinkWorkerRequest);
    }).finally(() => {
      if (this.pending.size === 0) for (const w of this.workers) w.unref();
    }) as Promise<LinkResult[]>;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
