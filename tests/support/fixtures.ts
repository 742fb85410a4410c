import type { DataSource } from "typeorm";
import { Ingestor } from "../../src/ingest/ingest.service";
import type { ParsedArticle } from "../../src/ingest/page-parser";

/** A test article: its text names the entities it should be linked to. */
interface Fixture {
  headline: string;
  body: string;
  desk: string;
  publishedAt: string;
}

/**
 * Twelve short stories published a day apart after the sample article, mixing people and countries
 * so that filters, paging and batching have something to tell apart.
 */
export const FIXTURES: Fixture[] = [
  { headline: "Putin and Xi Jinping meet in Beijing", body: "Vladimir Putin met Xi Jinping in Beijing to discuss trade between Russia and China.", desk: "World Desk", publishedAt: "2025-07-01T09:00:00Z" },
  { headline: "Khamenei warns Israel", body: "Ali Khamenei warned Israel after Benjamin Netanyahu spoke of new strikes on Iran.", desk: "EPN Desk", publishedAt: "2025-07-02T09:00:00Z" },
  { headline: "Putin and Khamenei speak by phone", body: "Vladimir Putin and Ali Khamenei discussed the war, Russia and Iran said.", desk: "EPN Desk", publishedAt: "2025-07-03T09:00:00Z" },
  { headline: "Araghchi meets Lavrov", body: "Abbas Araghchi met Sergey Lavrov in Moscow as Iran and Russia deepen ties.", desk: "World Desk", publishedAt: "2025-07-04T09:00:00Z" },
  { headline: "Macron visits Kyiv", body: "Emmanuel Macron met Volodymyr Zelensky; France pledged support for Ukraine.", desk: "Europe Desk", publishedAt: "2025-07-05T09:00:00Z" },
  { headline: "Trump hosts Netanyahu", body: "Donald Trump hosted Benjamin Netanyahu at the White House to discuss Iran.", desk: "World Desk", publishedAt: "2025-07-06T09:00:00Z" },
  { headline: "Putin, Khamenei and Xi Jinping in joint statement", body: "Vladimir Putin, Ali Khamenei and Xi Jinping issued a statement on sanctions.", desk: "EPN Desk", publishedAt: "2025-07-07T09:00:00Z" },
  { headline: "Modi meets Starmer", body: "Narendra Modi and Keir Starmer signed a trade deal between India and the United Kingdom.", desk: "Business Desk", publishedAt: "2025-07-08T09:00:00Z" },
  { headline: "Zelensky speaks to Trump", body: "Volodymyr Zelensky asked Donald Trump for air defence for Ukraine.", desk: "Europe Desk", publishedAt: "2025-07-09T09:00:00Z" },
  { headline: "Lavrov criticises NATO", body: "Sergey Lavrov said Mark Rutte was escalating tensions with Russia.", desk: "Europe Desk", publishedAt: "2025-07-10T09:00:00Z" },
  { headline: "Putin receives Araghchi again", body: "Vladimir Putin received Abbas Araghchi in Moscow; Ali Khamenei sent greetings.", desk: "EPN Desk", publishedAt: "2025-07-11T09:00:00Z" },
  { headline: "Erdoğan calls for ceasefire", body: "Recep Tayyip Erdoğan urged Israel and Iran to stop the fighting.", desk: "World Desk", publishedAt: "2025-07-12T09:00:00Z" },
];

/** Ingests the fixtures through the same path as real pages (parse result → linker → store). */
export async function loadFixtures(db: DataSource): Promise<void> {
  const ingestor = await Ingestor.open(db);
  for (const f of FIXTURES) {
    const article: ParsedArticle = { ...f, summary: null, url: null, language: "en", publishedAt: new Date(f.publishedAt) };
    await ingestor.ingest([{ source: f.headline, article }]);
  }
}
