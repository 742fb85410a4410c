import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { RejectedInput } from "./input";
import type { ParsedArticle } from "./page-parser";
import { MAX_DESK_LENGTH, checkTimeZone, cleanLine, httpUrl, languageTag, parsePublicationDate } from "./record-parser";

/** Options for parseHtmlPage. */
export interface HtmlParseOptions {
  /** Where the page was fetched from: the article url when the page names no canonical one, and the base for relative ones. */
  url?: string | null;
  /** Time zone of dates that carry no UTC offset (IANA name); default "UTC". */
  timeZone?: string;
  /** Which file or request the page came from, for the rejection message. */
  source?: string;
}

/*
 * The slice of the DOM this module uses. tsconfig has no "dom" lib (this is a server), and linkedom's
 * own typings lean on it, so its nodes are described structurally here.
 */
interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  readonly tagName: string;
  innerHTML: string;
  getAttribute(name: string): string | null;
  closest(selector: string): DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}
interface DomDocument {
  readonly documentElement: DomElement | null;
  createElement(tagName: string): DomElement;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

type JsonObject = Record<string, unknown>;

/** schema.org types whose JSON-LD describes the story itself (https://schema.org/Article and subtypes). */
const ARTICLE_TYPES = new Set([
  "Article",
  "NewsArticle",
  "AnalysisNewsArticle",
  "AskPublicNewsArticle",
  "BackgroundNewsArticle",
  "OpinionNewsArticle",
  "ReportageNewsArticle",
  "ReviewNewsArticle",
  "SatiricalArticle",
  "Report",
  "BlogPosting",
  "LiveBlogPosting",
  "SocialMediaPosting",
]);

/** Elements whose content is never article text. */
const SKIPPED = new Set([
  "SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "FIGURE", "FIGCAPTION", "PICTURE", "IMG", "SVG", "MATH", "VIDEO", "AUDIO", "IFRAME",
  "OBJECT", "EMBED", "CANVAS", "FORM", "BUTTON", "INPUT", "SELECT", "TEXTAREA", "NAV", "ASIDE", "HEADER", "FOOTER",
]);
/** Elements that are one paragraph of the body each (unless they hold blocks themselves, like a blockquote of <p>s). */
const PARAGRAPHS = new Set(["P", "LI", "BLOCKQUOTE", "H1", "H2", "H3", "H4", "H5", "H6", "PRE", "DT", "DD", "TR", "ADDRESS"]);
/** Elements that only group blocks. */
const CONTAINERS = new Set([
  "HTML", "BODY", "MAIN", "ARTICLE", "SECTION", "DIV", "UL", "OL", "DL", "TABLE", "THEAD", "TBODY", "TFOOT", "DETAILS", "CENTER", "HGROUP",
]);

/**
 * A related-links block ("Also Read", "Read more: …", "Related stories"). Like page-parser.ts's
 * TRAILER, a heading and not a sentence: "Related sanctions were imposed." stays body text. Unlike a
 * scraped page's trailer it does not end the article: HTML pages put these blocks mid-story too.
 */
const RELATED_LINKS = /^(?:also read|read also|read more|related(?: stories| articles| news| coverage| content)?|more from|more on this|you may also like|recommended(?: for you)?|see also)\b/i;

/** "By Jane Doe" or "By Jane Doe and Ali Reza | Updated": a credit line left in the body. */
const BYLINE_BLOCK = /^by\s+[^.!?]{1,100}$/i;

/** " | Site", " - Site", " – Site", " — Site", " · Site", " :: Site" at the end of a page title. */
const TITLE_SEPARATORS = [" | ", " - ", " – ", " — ", " · ", " :: ", " » "];

interface Block {
  text: string;
  /** Characters of `text` that are link text: a block of mostly links is navigation, not prose. */
  linkChars: number;
  /** Whether the block holds a `<time>`: a short one is a dateline ("Published 3 July 2025, 18:30"). */
  hasTime: boolean;
}

/** Parses `html` as a full document; linkedom makes the first element the root of a fragment, so one is wrapped. */
function parseDocument(html: string): DomDocument {
  const document = parseHTML(html).document as DomDocument;
  if (document.documentElement?.tagName.toUpperCase() === "HTML") return document;
  const wrapped = /<body[\s>]/i.test(html) ? `<!doctype html><html>${html}</html>` : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(wrapped).document as DomDocument;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every object of every JSON-LD script, flattening arrays and `@graph`; an unparsable script is skipped. */
function jsonLdObjects(document: DomDocument): JsonObject[] {
  const objects: JsonObject[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4) return;
    if (Array.isArray(value)) value.forEach((item) => visit(item, depth + 1));
    else if (isObject(value)) {
      objects.push(value);
      visit(value["@graph"], depth + 1);
      if (isObject(value.mainEntity)) visit(value.mainEntity, depth + 1);
    }
  };
  for (const script of Array.from(document.querySelectorAll("script"))) {
    if ((script.getAttribute("type") ?? "").trim().toLowerCase() !== "application/ld+json") continue;
    const raw = (script.textContent ?? "").replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[)/, "").replace(/(?:-->|\/\/\s*\]\]>)\s*$/, "");
    for (const candidate of [raw, raw.replace(/[\r\n\t]+/g, " ")]) {
      try {
        visit(JSON.parse(candidate), 0);
        break;
      } catch {
        // Invalid JSON-LD is the publisher's bug, not a reason to refuse the page; the second
        // candidate forgives raw line breaks inside strings, the most common one.
      }
    }
  }
  return objects;
}

function typesOf(object: JsonObject): string[] {
  const type = object["@type"];
  const types = Array.isArray(type) ? type : [type];
  return types.filter((t): t is string => typeof t === "string").map((t) => t.replace(/^(?:https?:\/\/schema\.org\/|schema:)/, ""));
}

/** The first string of a JSON-LD value that may be a string, an array or an object with `@id`/`@value`. */
function firstString(value: unknown, key = "@value"): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = firstString(item, key);
      if (text) return text;
    }
    return null;
  }
  return isObject(value) ? firstString(value[key]) : null;
}

/** Names of a schema.org `author`: a string, a Person or Organization, an `@id` reference, or an array of them. */
function authorNames(value: unknown, byId: Map<string, JsonObject>): string[] {
  const items = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (let item of items) {
    if (isObject(item) && typeof item["@id"] === "string" && item.name === undefined) item = byId.get(item["@id"]) ?? item;
    const name = typeof item === "string" ? item : isObject(item) ? firstString(item.name) : null;
    // An author given as a profile URL names nobody.
    if (name && !/^https?:\/\//i.test(name.trim())) names.push(name);
  }
  return names;
}

/** Names joined with ", " while they fit the desk column; the rest are dropped, never cut mid-name. */
function joinNames(names: string[]): string | null {
  let desk = "";
  for (const name of names.map(cleanLine).filter(Boolean)) {
    if (desk.split(", ").includes(name)) continue;
    const next = desk ? `${desk}, ${name}` : name;
    if (next.length > MAX_DESK_LENGTH) break;
    desk = next;
  }
  return desk || null;
}

/** The page's `<meta>` values by lower-cased property, name or itemprop; the first of each wins. */
function metaValues(document: DomDocument): Map<string, string> {
  const values = new Map<string, string>();
  for (const meta of Array.from(document.querySelectorAll("meta"))) {
    const key = (meta.getAttribute("property") ?? meta.getAttribute("name") ?? meta.getAttribute("itemprop") ?? "").trim().toLowerCase();
    const content = meta.getAttribute("content");
    if (key && content?.trim() && !values.has(key)) values.set(key, content);
  }
  return values;
}

/** Text of a metadata value, with any HTML in it (entities, tags some CMSs leave in) decoded. */
function metaText(value: string | null | undefined, document: DomDocument): string | null {
  if (!value) return null;
  let text = value;
  if (/[&<]/.test(text)) {
    const holder = document.createElement("div");
    holder.innerHTML = text;
    text = holder.textContent ?? "";
  }
  return cleanLine(text) || null;
}

/** The document's `<title>`; an inline SVG (a logo) has `<title>`s of its own. */
function pageTitle(document: DomDocument): string | null {
  const title = Array.from(document.querySelectorAll("title")).find((element) => !element.closest("svg"));
  return title?.textContent ?? null;
}

/** A page title without its " | Site name" suffix, when the suffix is the og:site_name. */
function withoutSiteName(title: string | null, siteName: string | null): string | null {
  if (!title || !siteName) return title;
  for (const separator of TITLE_SEPARATORS) {
    const suffix = `${separator}${siteName}`.toLowerCase();
    if (title.toLowerCase().endsWith(suffix) && title.length > suffix.length) return title.slice(0, -suffix.length).trim();
  }
  return title;
}

const EMPTY: Block = { text: "", linkChars: 0, hasTime: false };

/** Raw text of a node for the body, leaving out skipped elements; `<br>` and table cells are spaces apart. */
function textOf(node: DomNode): Block {
  if (node.nodeType === TEXT_NODE) return { ...EMPTY, text: node.textContent ?? "" };
  if (node.nodeType !== ELEMENT_NODE) return EMPTY;
  const tag = (node as DomElement).tagName.toUpperCase();
  if (SKIPPED.has(tag)) return EMPTY;
  if (tag === "BR") return { ...EMPTY, text: " " };
  const run = { ...EMPTY, hasTime: tag === "TIME" };
  for (const child of Array.from(node.childNodes)) append(run, textOf(child));
  if (tag === "A") run.linkChars = cleanLine(run.text).length;
  if (tag === "TD" || tag === "TH") run.text = ` ${run.text} `;
  return run;
}

function append(run: Block, part: Block): void {
  run.text += part.text;
  run.linkChars += part.linkChars;
  run.hasTime ||= part.hasTime;
}

/** A finished block: whitespace normalised, dropped when empty; all of it is link text inside an `<a>`. */
function pushBlock(blocks: Block[], run: Block, inLink: boolean): void {
  const text = cleanLine(run.text);
  if (text) blocks.push({ text, linkChars: inLink ? text.length : Math.min(run.linkChars, text.length), hasTime: run.hasTime });
}

function holdsBlocks(element: DomElement): boolean {
  return Array.from(element.childNodes).some((child) => {
    if (child.nodeType !== ELEMENT_NODE) return false;
    const tag = (child as DomElement).tagName.toUpperCase();
    return !SKIPPED.has(tag) && (PARAGRAPHS.has(tag) || CONTAINERS.has(tag) || holdsBlocks(child as DomElement));
  });
}

/**
 * The blocks of an element in reading order: each paragraph, list item, quote and heading is one
 * block, and so is a run of loose text between them.
 */
function collectBlocks(element: DomElement, blocks: Block[], inLink = false): void {
  let inline = { ...EMPTY };
  for (const child of Array.from(element.childNodes)) {
    const tag = child.nodeType === ELEMENT_NODE ? (child as DomElement).tagName.toUpperCase() : "";
    if (SKIPPED.has(tag)) continue;
    const nested = tag !== "" && (CONTAINERS.has(tag) || holdsBlocks(child as DomElement));
    if (nested || PARAGRAPHS.has(tag)) {
      pushBlock(blocks, inline, inLink);
      inline = { ...EMPTY };
      // A teaser card is often a link wrapped around whole paragraphs: they are all link text.
      if (nested) collectBlocks(child as DomElement, blocks, inLink || tag === "A");
      else pushBlock(blocks, textOf(child), inLink);
    } else append(inline, textOf(child));
  }
  pushBlock(blocks, inline, inLink);
}

/**
 * Body paragraphs from extracted blocks: the repeated headline and a leading "By …" credit go, and
 * so do datelines (a short block around a `<time>`), related-links blocks ("Also Read" with the links
 * after it) and blocks that are mostly links.
 */
function bodyParagraphs(blocks: Block[], headline: string): string[] {
  const paragraphs: string[] = [];
  let inRelatedLinks = false;
  for (const block of blocks) {
    const linkShare = block.linkChars / block.text.length;
    const related = RELATED_LINKS.exec(block.text);
    if (related) {
      const rest = block.text.slice(related[0].length);
      if (linkShare >= 0.5 || (rest.length <= 60 && !/[.!?]$/.test(rest))) {
        inRelatedLinks = true;
        continue;
      }
    }
    if (linkShare >= 0.8 || (inRelatedLinks && linkShare >= 0.5)) continue;
    inRelatedLinks = false;
    if (paragraphs.length === 0 && (block.text === headline || BYLINE_BLOCK.test(block.text))) continue;
    if (block.hasTime && block.text.length <= 100 && !/[.!?]$/.test(block.text)) continue;
    paragraphs.push(block.text);
  }
  return paragraphs;
}

/** Body blocks chosen by Readability, or [] when it finds no article. It alters `document`. */
function readabilityBlocks(document: DomDocument): Block[] {
  const article = new Readability<DomElement>(document, { serializer: (node) => node as unknown as DomElement }).parse();
  const blocks: Block[] = [];
  if (article?.content) collectBlocks(article.content, blocks);
  return blocks;
}

/** The fallback body: the `<p>` elements of the page's `<article>`, else of its `<main>`. */
function articleParagraphBlocks(document: DomDocument): Block[] {
  const root = document.querySelector("article") ?? document.querySelector("main");
  if (!root) return [];
  const blocks: Block[] = [];
  for (const paragraph of Array.from(root.querySelectorAll("p"))) {
    pushBlock(blocks, textOf(paragraph), paragraph.closest("a") !== null);
  }
  return blocks;
}

/**
 * Parses a news page's HTML into a ParsedArticle.
 *
 * Metadata comes from the page's schema.org JSON-LD article (NewsArticle, BlogPosting…, also inside
 * `@graph`) first, then OpenGraph and `<meta>` tags, then the markup (`<time datetime>`, `<h1>`,
 * `<title>` without its " | Site" suffix, `<html lang>`). Invalid JSON-LD is ignored. The desk is
 * the credited author names joined with ", ", else the article section. The url is the page's
 * canonical one (JSON-LD, `<link rel="canonical">`, og:url), else `options.url`.
 *
 * The body is what Readability (Mozilla's reader view) extracts, as plain paragraphs separated by a
 * blank line, without captions, datelines, scripts or related-links blocks. When that leaves nothing
 * (Readability finds no text, or picks a wall of teaser links beside a short story) it is the `<p>`
 * elements of `<article>` or `<main>`.
 *
 * Dates without a UTC offset are wall-clock time in `options.timeZone`. Throws RejectedInput when the
 * page has no headline, no parsable publication date or no body text.
 */
export function parseHtmlPage(html: string, options: HtmlParseOptions = {}): ParsedArticle {
  const timeZone = options.timeZone ?? "UTC";
  checkTimeZone(timeZone);
  const reject = (reason: string): never => {
    throw new RejectedInput(reason, options.source);
  };
  if (html.trim() === "") reject("empty page");
  const document = parseDocument(html);

  const objects = jsonLdObjects(document);
  const byId = new Map<string, JsonObject>();
  for (const object of objects) if (typeof object["@id"] === "string") byId.set(object["@id"], object);
  const ld: JsonObject = objects.find((object) => typesOf(object).some((type) => ARTICLE_TYPES.has(type))) ?? {};
  const meta = metaValues(document);
  const text = (value: unknown) => metaText(firstString(value), document);
  const siteName = text(meta.get("og:site_name"));

  const firstH1 = document.querySelector("article h1") ?? document.querySelector("h1");
  const headline =
    text(ld.headline) ??
    text(ld.name) ??
    withoutSiteName(text(meta.get("og:title")), siteName) ??
    withoutSiteName(text(meta.get("twitter:title")), siteName) ??
    (firstH1 ? cleanLine(textOf(firstH1).text) || null : null) ??
    withoutSiteName(text(pageTitle(document)), siteName) ??
    reject("no headline (no JSON-LD headline, og:title, <h1> or <title>)");

  // Publication date: the first stated date that parses; reject only when none does.
  const timeElements = [
    document.querySelector('time[itemprop="datePublished"]'),
    document.querySelector("time[pubdate]"),
    document.querySelector("article time[datetime]"),
    document.querySelector("time[datetime]"),
    document.querySelector("article time") ?? document.querySelector("time"),
  ];
  const dateCandidates = [
    firstString(ld.datePublished),
    ...["article:published_time", "datepublished", "og:published_time", "pubdate", "publishdate", "date", "dc.date.issued", "dc.date"].map((key) => meta.get(key) ?? null),
    ...timeElements.map((time) => time?.getAttribute("datetime") ?? (time ? time.textContent : null)),
  ]
    .map((value) => (value ? cleanLine(value) : ""))
    .filter(Boolean);
  if (dateCandidates.length === 0) reject("no publication date (no JSON-LD datePublished, article:published_time meta or <time datetime>)");
  const publishedAt =
    dateCandidates.map((value) => parsePublicationDate(value, timeZone)).find((date): date is Date => date !== null) ??
    reject(`unparsable publication date "${dateCandidates[0].slice(0, 100)}"`);

  const summary = text(ld.description) ?? text(meta.get("og:description")) ?? text(meta.get("description")) ?? text(meta.get("twitter:description"));

  const url =
    [
      firstString(ld.url),
      firstString(ld.mainEntityOfPage, "@id"),
      firstString(ld.mainEntityOfPage, "url"),
      document.querySelector('link[rel="canonical"]')?.getAttribute("href"),
      meta.get("og:url"),
      options.url,
    ]
      .map((candidate) => (candidate ? httpUrl(candidate, options.url) : null))
      .find((candidate) => candidate !== null) ?? null;

  const language =
    [firstString(ld.inLanguage), firstString(ld.inLanguage, "alternateName"), document.documentElement?.getAttribute("lang"), meta.get("og:locale")]
      .map((candidate) => (candidate ? languageTag(candidate.replace(/_/g, "-")) : null))
      .find((candidate) => candidate !== null) ?? "en";

  const authors = authorNames(ld.author, byId);
  const metaAuthor = meta.get("author");
  if (authors.length === 0 && metaAuthor) authors.push(...authorNames(metaAuthor.split(/\s*[,;]\s*/), byId));
  const section = text(ld.articleSection) ?? text(meta.get("article:section"));

  // Readability changes the document it reads, so it runs after every metadata read above; the
  // fallback reads a fresh copy.
  let paragraphs = bodyParagraphs(readabilityBlocks(document), headline);
  if (paragraphs.length === 0) paragraphs = bodyParagraphs(articleParagraphBlocks(parseDocument(html)), headline);
  if (paragraphs.length === 0) reject("no article text (Readability found none, nor is there <p> text in <article> or <main>)");

  return {
    headline,
    summary,
    desk: joinNames(authors) ?? (section ? joinNames([section]) : null),
    publishedAt,
    body: paragraphs.join("\n\n"),
    url,
    language,
  };
}
