/** Worker thread of LinkPool: links articles against its own copy of the gazetteer. */
import { parentPort, workerData } from "node:worker_threads";
import { Gazetteer, type GazetteerEntry } from "./gazetteer";
import { linkArticle } from "./linker";
import type { LinkWorkerRequest, LinkWorkerResponse } from "./link-pool";

const gazetteer = new Gazetteer((workerData as { entries: GazetteerEntry[] }).entries);

parentPort?.on("message", (message: LinkWorkerRequest) => {
  if (message.type === "add") {
    for (const entry of message.entries) gazetteer.add(entry);
    return;
  }
  let response: LinkWorkerResponse;
  try {
    response = { id: message.id, results: message.articles.map((a) => linkArticle(gazetteer, a, { discover: message.discover })) };
  } catch (error) {
    response = { id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
