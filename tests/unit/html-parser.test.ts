import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseHtmlPage } from "../../src/ingest/html-parser";
import { RejectedInput } from "../../src/ingest/input";

/** The site furniture around every fixture's story: header nav with an SVG logo, a sidebar, a footer. */
function newsPage(parts: { head: string; article: string; lang?: string }): string {
  return `<!DOCTYPE html>
<html${parts.lang === undefined ? ' lang="en"' : parts.lang}>
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  ${parts.head}
  <link rel="stylesheet" href="/assets/site.css">
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({ event: "pageview" });</script>
</head>
<body class="article-page">
  <header class="site-header">
    <a class="logo" href="/"><svg viewBox="0 0 10 10"><title>Example News</title><path d="M0 0h10v10H0z"/></svg></a>
    <nav class="main-nav">
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/world">World</a></li>
        <li><a href="/politics">Politics</a></li>
        <li><a href="/business">Business</a></li>
        <li><a href="/subscribe">Subscribe to our newsletter</a></li>
      </ul>
    </nav>
  </header>
  <main id="content">
    ${parts.article}
    <aside class="sidebar">
      <h3>Most read</h3>
      <ol>
        <li><a href="/world/oil-prices-climb">Oil prices climb as Gulf tensions rise</a></li>
        <li><a href="/politics/budget-vote">Parliament delays the budget vote again</a></li>
      </ol>
    </aside>
  </main>
  <footer class="site-footer">
    <p>© 2025 Example News Ltd. All rights reserved.</p>
    <p><a href="/privacy">Privacy policy</a> · <a href="/contact">Contact us</a></p>
  </footer>
  <script src="/assets/app.js"></script>
</body>
</html>`;
}

const GENEVA_JSON_LD = JSON.stringify({
  "@context": "https://schema.org",
  "@graph": [
    { "@type": "Organization", "@id": "https://news.example.com/#org", name: "Example News" },
    { "@type": "WebSite", "@id": "https://news.example.com/#website", name: "Example News", url: "https://news.example.com/" },
    { "@type": "Person", "@id": "https://news.example.com/#/schema/person/ali", name: "Ali Rezaei" },
    {
      "@type": "NewsArticle",
      headline: "Iran and Europe resume nuclear talks in Geneva",
      description: "Negotiators met for the first time since the spring; no agreement was reached.",
      datePublished: "2025-06-23T11:15:00+03:30",
      dateModified: "2025-06-23T15:40:00+03:30",
      articleSection: "World",
      inLanguage: "en-GB",
      author: [
        { "@type": "Person", name: "Jane Doe", url: "https://news.example.com/authors/jane-doe" },
        { "@id": "https://news.example.com/#/schema/person/ali" },
      ],
      mainEntityOfPage: { "@type": "WebPage", "@id": "https://news.example.com/world/2025/06/23/geneva-talks" },
      publisher: { "@id": "https://news.example.com/#org" },
    },
  ],
});

const GENEVA_ARTICLE = `
    <article class="story">
      <h1 class="story-title">Iran and Europe resume nuclear talks in Geneva</h1>
      <p class="byline">By Jane Doe and Ali Rezaei</p>
      <time datetime="2025-06-23T11:15:00+03:30">23 June 2025, 11:15</time>
      <figure class="lead-image">
        <img src="/images/geneva.jpg" alt="Delegates arrive">
        <figcaption>Delegates arrive at the Palais des Nations on Monday. Photo: Reuters</figcaption>
      </figure>
      <div class="story-body">
        <p>Negotiators from Iran and three European countries met in Geneva on Monday for the first time since the spring, in a session that lasted more than six hours.</p>
        <p>Foreign Minister Abbas&#x202F;Araghchi said the talks had been&nbsp;“serious and frank”, but no agreement was reached and both sides said they would meet again next week.</p>
        <p class="also-read"><strong>Also Read:</strong> <a href="/world/2025/06/20/sanctions">EU weighs new sanctions as deadline nears</a></p>
        <h2>What comes next</h2>
        <p>Diplomats expect a second round in Vienna, where technical teams will work through the remaining questions on enrichment and inspections.</p>
        <ul>
          <li>A second round of talks is planned for 30 June.</li>
          <li>A joint statement is expected after that meeting.</li>
        </ul>
        <script>loadAd("mid-article")</script>
        <blockquote><p>We are closer than we were a month ago, but the hardest questions are still open.</p></blockquote>
        <p>The European side has asked for a timetable before the summer recess, officials said.</p>
      </div>
      <div class="related">
        <h3>Related</h3>
        <ul>
          <li><a href="/world/2025/06/19/oman">Oman offers to host the next round</a></li>
          <li><a href="/world/2025/06/18/iaea">IAEA report raises new questions</a></li>
        </ul>
      </div>
    </article>`;

const GENEVA_PAGE = newsPage({
  head: `<title>Iran and Europe resume nuclear talks in Geneva | Example News</title>
  <meta property="og:site_name" content="Example News">
  <meta property="og:title" content="Geneva talks resume">
  <link rel="canonical" href="https://news.example.com/world/geneva-talks-canonical">
  <script type="application/ld+json">${GENEVA_JSON_LD}</script>`,
  article: GENEVA_ARTICLE,
});

function rejection(fn: () => unknown): RejectedInput {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof RejectedInput, `expected RejectedInput, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the input to be rejected");
}

describe("parseHtmlPage on a page with a NewsArticle in a JSON-LD @graph", () => {
  const article = parseHtmlPage(GENEVA_PAGE, { url: "https://news.example.com/world/geneva-talks?utm_source=feed" });
  const paragraphs = article.body.split("\n\n");

  it("takes the headline from JSON-LD rather than og:title", () => {
    assert.equal(article.headline, "Iran and Europe resume nuclear talks in Geneva");
  });

  it("takes the summary from the JSON-LD description", () => {
    assert.equal(article.summary, "Negotiators met for the first time since the spring; no agreement was reached.");
  });

  it("credits the desk to every author, resolving an author given by @id", () => {
    assert.equal(article.desk, "Jane Doe, Ali Rezaei");
  });

  it("keeps the offset of datePublished", () => {
    assert.equal(article.publishedAt.toISOString(), "2025-06-23T07:45:00.000Z");
  });

  it("ignores the time zone option for a date that carries an offset", () => {
    assert.equal(parseHtmlPage(GENEVA_PAGE, { timeZone: "America/New_York" }).publishedAt.toISOString(), "2025-06-23T07:45:00.000Z");
  });

  it("takes the canonical url from mainEntityOfPage over <link rel=canonical> and the fetch url", () => {
    assert.equal(article.url, "https://news.example.com/world/2025/06/23/geneva-talks");
  });

  it("takes the language from inLanguage", () => {
    assert.equal(article.language, "en-GB");
  });

  it("keeps paragraphs, the subheading, list items and the quote as their own paragraphs, in order", () => {
    assert.deepEqual(paragraphs, [
      "Negotiators from Iran and three European countries met in Geneva on Monday for the first time since the spring, in a session that lasted more than six hours.",
      "Foreign Minister Abbas Araghchi said the talks had been “serious and frank”, but no agreement was reached and both sides said they would meet again next week.",
      "What comes next",
      "Diplomats expect a second round in Vienna, where technical teams will work through the remaining questions on enrichment and inspections.",
      "A second round of talks is planned for 30 June.",
      "A joint statement is expected after that meeting.",
      "We are closer than we were a month ago, but the hardest questions are still open.",
      "The European side has asked for a timetable before the summer recess, officials said.",
    ]);
  });

  it("turns no-break and narrow no-break spaces into plain spaces", () => {
    assert.doesNotMatch(article.body, /[\u00a0\u202f]/);
    assert.ok(article.body.includes("Foreign Minister Abbas Araghchi said"));
  });

  it("leaves out the navigation, sidebar, footer, byline, caption, scripts and related links", () => {
    for (const chrome of ["Home", "Subscribe", "Most read", "Oil prices climb", "All rights reserved", "Privacy", "By Jane Doe", "Photo: Reuters", "loadAd", "dataLayer", "Also Read", "EU weighs new sanctions", "Related", "Oman offers"]) {
      assert.ok(!article.body.includes(chrome), `body contains ${JSON.stringify(chrome)}`);
    }
  });

  it("does not repeat the headline in the body", () => {
    assert.ok(!article.body.includes(article.headline));
  });
});

describe("parseHtmlPage on a page without JSON-LD", () => {
  const page = newsPage({
    lang: ' lang="fr_FR"',
    head: `<title>Le budget adopté après une nuit de débats - Exemple Info</title>
  <meta property="og:site_name" content="Exemple Info">
  <meta property="og:title" content="Le budget adopté après une nuit de débats - Exemple Info">
  <meta property="og:description" content="Les députés ont voté le texte à 4 heures du matin.">
  <meta name="description" content="Une autre description, moins précise.">
  <meta property="og:url" content="/politique/budget-adopte">
  <meta name="author" content="Claire Martin">
  <meta property="article:section" content="Politique">`,
    article: `
    <article>
      <h1>Le budget adopté après une nuit de débats</h1>
      <div class="meta">Publié le <time datetime="2025-07-03 18:30">3 juillet 2025 à 18 h 30</time></div>
      <p>Les députés ont adopté le projet de loi de finances à 4 heures du matin, après une séance de plus de quatorze heures marquée par de nombreux amendements.</p>
      <p>Le texte doit maintenant être examiné par le Sénat, qui a prévu de commencer ses travaux la semaine prochaine selon le calendrier annoncé.</p>
    </article>`,
  });
  const article = parseHtmlPage(page, { url: "https://info.example.fr/politique/budget-adopte?ref=home", timeZone: "Europe/Paris" });

  it("takes the headline from og:title without the ' - Site name' suffix", () => {
    assert.equal(article.headline, "Le budget adopté après une nuit de débats");
  });

  it("prefers og:description over the meta description for the summary", () => {
    assert.equal(article.summary, "Les députés ont voté le texte à 4 heures du matin.");
  });

  it("credits the desk to the meta author", () => {
    assert.equal(article.desk, "Claire Martin");
  });

  it("reads a <time datetime> without offset as wall-clock time in the given zone (Paris is UTC+2 in July)", () => {
    assert.equal(article.publishedAt.toISOString(), "2025-07-03T16:30:00.000Z");
  });

  it("resolves a relative og:url against the fetch url", () => {
    assert.equal(article.url, "https://info.example.fr/politique/budget-adopte");
  });

  it("reads the language from <html lang>, mending the underscore", () => {
    assert.equal(article.language, "fr-FR");
  });

  it("extracts both paragraphs of the article and nothing else", () => {
    assert.deepEqual(article.body.split("\n\n"), [
      "Les députés ont adopté le projet de loi de finances à 4 heures du matin, après une séance de plus de quatorze heures marquée par de nombreux amendements.",
      "Le texte doit maintenant être examiné par le Sénat, qui a prévu de commencer ses travaux la semaine prochaine selon le calendrier annoncé.",
    ]);
  });
});

describe("parseHtmlPage fallbacks", () => {
  const story = `
    <article>
      <h1>Port strike enters its third day</h1>
      <p>Dock workers in Rotterdam stayed off the job for a third day on Wednesday, leaving dozens of container ships waiting at anchor outside the port.</p>
      <p>The union said it would not return to talks until the operators withdrew their proposal to extend shifts during the summer peak.</p>
    </article>`;

  it("uses the <title> without its ' | Site' suffix, the article section as desk and the fetch url when nothing better is stated", () => {
    const article = parseHtmlPage(
      newsPage({
        head: `<title>Port strike enters its third day | Harbour Daily</title>
  <meta property="og:site_name" content="Harbour Daily">
  <meta property="article:published_time" content="2025-07-02T09:00:00Z">
  <meta property="article:section" content="Business">`,
        article: story.replace("<h1>Port strike enters its third day</h1>", ""),
      }),
      { url: "https://harbour.example.nl/business/port-strike" },
    );
    assert.equal(article.headline, "Port strike enters its third day");
    assert.equal(article.desk, "Business");
    assert.equal(article.url, "https://harbour.example.nl/business/port-strike");
    assert.equal(article.summary, null);
    assert.equal(article.publishedAt.toISOString(), "2025-07-02T09:00:00.000Z");
  });

  it("keeps a title suffix that is not the site name", () => {
    const article = parseHtmlPage(
      newsPage({
        head: `<title>Strike talks | Day three</title><meta property="og:site_name" content="Harbour Daily">`,
        article: story.replace("<h1>Port strike enters its third day</h1>", '<time datetime="2025-07-02">2 July</time>'),
      }),
    );
    assert.equal(article.headline, "Strike talks | Day three");
    assert.equal(article.url, null);
  });

  it("ignores invalid JSON-LD and falls back to OpenGraph and the markup", () => {
    const article = parseHtmlPage(
      newsPage({
        head: `<meta property="og:title" content="Port strike enters its third day">
  <script type="application/ld+json">{ "@type": "NewsArticle", "headline": "Broken, "datePublished": }</script>`,
        article: story.replace("</h1>", '</h1><time datetime="2025-07-02T11:00:00+02:00">2 July 2025</time>'),
      }),
    );
    assert.equal(article.headline, "Port strike enters its third day");
    assert.equal(article.publishedAt.toISOString(), "2025-07-02T09:00:00.000Z");
    assert.ok(article.body.startsWith("Dock workers in Rotterdam stayed off the job"));
  });

  it("finds the article type in a plain array of JSON-LD objects and reads a string author and a text date", () => {
    const jsonLd = JSON.stringify([
      { "@context": "https://schema.org", "@type": "BreadcrumbList", itemListElement: [] },
      { "@context": "https://schema.org", "@type": ["ReportageNewsArticle"], headline: "Port strike enters its third day", author: "Harbour Desk", datePublished: "2 July 2025 11:00", url: "https://harbour.example.nl/a/1" },
    ]);
    const article = parseHtmlPage(newsPage({ head: `<script type="application/ld+json">${jsonLd}</script>`, article: story }), { timeZone: "Europe/Amsterdam" });
    assert.equal(article.desk, "Harbour Desk");
    assert.equal(article.publishedAt.toISOString(), "2025-07-02T09:00:00.000Z");
    assert.equal(article.url, "https://harbour.example.nl/a/1");
    assert.equal(article.language, "en");
  });

  it("falls back to the <article> paragraphs when Readability picks a wall of teaser links beside a short story", () => {
    const teaser = (i: number) =>
      `<div class="card"><a href="/politics/${i}"><p>Parliament delays the budget vote again as ministers argue over spending, taxes and the deficit (${i})</p></a></div>`;
    const page = `<!DOCTYPE html><html lang="en"><head><title>Flash flood warning issued</title>
      <meta property="article:published_time" content="2025-06-23T10:00:00Z"></head>
      <body><main><article><h1>Flash flood warning issued</h1>
      <p>Forecasters issued a flash flood warning for the valley on Monday.</p></article></main>
      <div class="stories">${[1, 2, 3, 4, 5, 6, 7, 8].map(teaser).join("\n")}</div></body></html>`;
    assert.equal(parseHtmlPage(page).body, "Forecasters issued a flash flood warning for the valley on Monday.");
  });

  it("reads an HTML fragment with no <html> element", () => {
    const article = parseHtmlPage(`${story.replace("</h1>", '</h1><time datetime="2025-07-02T09:00:00Z"></time>')}`);
    assert.equal(article.headline, "Port strike enters its third day");
    assert.equal(article.body.split("\n\n").length, 2);
  });
});

describe("parseHtmlPage rejections", () => {
  const story = `
    <article>
      <h1>Port strike enters its third day</h1>
      <p>Dock workers in Rotterdam stayed off the job for a third day on Wednesday, leaving dozens of container ships waiting at anchor outside the port.</p>
    </article>`;

  it("rejects a page that states no publication date, naming where it looked", () => {
    const error = rejection(() => parseHtmlPage(newsPage({ head: "<title>Port strike</title>", article: story }), { source: "harbour/strike.html" }));
    assert.equal(error.reason, "no publication date (no JSON-LD datePublished, article:published_time meta or <time datetime>)");
    assert.equal(error.source, "harbour/strike.html");
    assert.equal(error.message, `harbour/strike.html: ${error.reason}`);
  });

  it("rejects a page whose only date cannot be read, quoting it", () => {
    const error = rejection(() => parseHtmlPage(newsPage({ head: '<meta property="article:published_time" content="yesterday afternoon">', article: story })));
    assert.equal(error.reason, 'unparsable publication date "yesterday afternoon"');
  });

  it("rejects an impossible date rather than rolling it over", () => {
    const error = rejection(() => parseHtmlPage(newsPage({ head: '<meta property="article:published_time" content="2025-06-31T10:00:00Z">', article: story })));
    assert.equal(error.reason, 'unparsable publication date "2025-06-31T10:00:00Z"');
  });

  it("rejects a page with no headline anywhere", () => {
    const error = rejection(() =>
      parseHtmlPage(newsPage({ head: '<meta property="article:published_time" content="2025-07-02T09:00:00Z">', article: story.replace("<h1>Port strike enters its third day</h1>", "") })),
    );
    assert.equal(error.reason, "no headline (no JSON-LD headline, og:title, <h1> or <title>)");
  });

  it("rejects a page with no article text", () => {
    const error = rejection(() => parseHtmlPage('<html><head><title>Port strike</title><meta property="article:published_time" content="2025-07-02T09:00:00Z"></head><body><nav><a href="/">Home</a></nav></body></html>'));
    assert.equal(error.reason, "no article text (Readability found none, nor is there <p> text in <article> or <main>)");
  });

  it("rejects an empty document", () => {
    assert.equal(rejection(() => parseHtmlPage("  \n")).reason, "empty page");
  });
});
