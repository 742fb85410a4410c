import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { GazetteerEntry } from "./gazetteer";
import type { LinkableText, LinkResult } from "./linker";

/** What a worker does besides linking each article it is sent. */
export interface LinkWork {
  /** Look for people not in the gazetteer yet. */
  discover: boolean;
  /** Also build each article's PostgreSQL search document (search-document.ts). */
  documents?: boolean;
  /** Also count the words of each article's body. */
  words?: boolean;
}

/** Messages the pool sends to its workers. */
export type LinkWorkerRequest =
  | { type: "add"; entries: GazetteerEntry[] }
  | ({ type: "link"; id: number; articles: LinkableText[] } & LinkWork);

/** What the workers made of a list of articles, each list in the order of the articles. */
export interface LinkedTexts {
  results: LinkResult[];
  /** Search documents (PostgreSQL's binary tsvector), when asked for. */
  documents?: Uint8Array[];
  /** Body word counts, when asked for. */
  words?: number[];
}

/** A worker's answer to a "link" request. */
export type LinkWorkerResponse = { id: number; error?: string } & Partial<LinkedTexts>;

/**
 * Links articles on worker threads, each holding its own copy of the gazetteer, so that linking
 * (the costly, CPU-bound part of ingestion) runs beside the database writes on another core. The
 * other per-article work that needs only the text (search documents, word counts) goes along, so
 * that the thread that writes to the database (SQLite's, or the one waiting on PostgreSQL) does less.
 * Entities created while ingesting are broadcast to every worker with `add`.
 */
export class LinkPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (r: LinkedTexts) => void; reject: (e: Error) => void }>();
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
        else waiting.resolve({ results: message.results ?? [], documents: message.documents, words: message.words });
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

  /**
   * Links articles on the next worker in turn, with whatever else `work` asks for. Only the text
   * travels to the worker (copying is the cost of a message), whatever else the objects hold.
   */
  link(articles: readonly LinkableText[], work: LinkWork): Promise<LinkedTexts> {
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length];
    const texts = articles.map((a) => ({ headline: a.headline, summary: a.summary, body: a.body }));
    return new Promise<LinkedTexts>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ type: "link", id, articles: texts, ...work } satisfies LinkWorkerRequest);
    }).finally(() => {
      if (this.pending.size === 0) for (const w of this.workers) w.unref();
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
