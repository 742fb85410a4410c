/** Worker thread of LinkPool: links articles against its own copy of the gazetteer. */
import { parentPort, workerData } from "node:worker_threads";
import { searchDocumentBinary } from "../search/search-document";
import { Gazetteer, type GazetteerEntry } from "./gazetteer";
import { linkArticle } from "./linker";
import type { LinkWorkerRequest, LinkWorkerResponse } from "./link-pool";
import { wordCount } from "./word-count";

const gazetteer = new Gazetteer((workerData as { entries: GazetteerEntry[] }).entries);

parentPort?.on("message", (message: LinkWorkerRequest) => {
  if (message.type === "add") {
    for (const entry of message.entries) gazetteer.add(entry);
    return;
  }
  let response: LinkWorkerResponse;
  try {
    const { articles } = message;
    response = {
      id: message.id,
      results: articles.map((a) => linkArticle(gazetteer, a, { discover: message.discover })),
      documents: message.documents ? articles.map(searchDocumentBinary) : undefined,
      words: message.words ? articles.map((a) => wordCount(a.body)) : undefined,
    };
  } catch (error) {
    response = { id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
