import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateCorpus, mulberry32, ZipfSampler, type CorpusOptions, type CorpusRecord } from "../../src/corpus/corpus.generator";
import { PEOPLE } from "../../src/seed/data/people";

function take(options: CorpusOptions): CorpusRecord[] {
  return [...generateCorpus(options)];
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Word-bounded, case-sensitive and longest form first, as newsgraph's linker matches names. */
function namePattern(forms: string[]): RegExp {
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "u");
}

/** Articles (of `records`) whose body names each person in full, by person name. */
function articlesNaming(records: CorpusRecord[]): Map<string, Set<number>> {
  const named = new Map<string, Set<number>>(PEOPLE.map((p) => [p.name, new Set<number>()]));
  records.forEach((r, k) => {
    for (const p of PEOPLE) if (r.body.includes(p.name)) named.get(p.name)!.add(k);
  });
  return named;
}

const SAMPLE = take({ count: 2000 });

describe("generateCorpus", () => {
  it("produces identical records for the same seed", () => {
    assert.deepEqual(take({ count: 50, seed: 42 }), take({ count: 50, seed: 42 }));
    assert.deepEqual(take({ count: 20 }), SAMPLE.slice(0, 20), "seed defaults to 1");
  });

  it("produces different records for a different seed", () => {
    const a = take({ count: 50, seed: 1 });
    const b = take({ count: 50, seed: 2 });
    const same = a.filter((r, k) => r.body === b[k].body).length;
    assert.equal(same, 0);
  });

  it("writes bodies of 250 to 600 words in 3 to 8 paragraphs", () => {
    for (const r of SAMPLE.slice(0, 200)) {
      const n = words(r.body);
      assert.ok(n >= 250 && n <= 600, `${r.url} has ${n} words`);
      const paragraphs = r.body.split("\n\n").length;
      assert.ok(paragraphs >= 3 && paragraphs <= 8, `${r.url} has ${paragraphs} paragraphs`);
    }
  });

  it("fills every field of the ingestion record", () => {
    for (const r of SAMPLE.slice(0, 200)) {
      assert.deepEqual(Object.keys(r).sort(), ["body", "desk", "headline", "language", "publishedAt", "summary", "url"]);
      assert.equal(r.language, "en");
      assert.match(r.headline, /^\p{Lu}\S*( \S+){2,}$/u);
      assert.match(r.summary, /^[\p{Lu}"].{30,}\.$/u);
      assert.match(r.desk, /^[A-Z][a-z]+( [A-Z][a-z]+)? Desk$|^EPN Desk$/);
    }
  });

  it("gives every record a unique url that carries its year and month", () => {
    assert.equal(new Set(SAMPLE.map((r) => r.url)).size, SAMPLE.length);
    for (const r of SAMPLE) {
      const m = /^https:\/\/news\.example\/(\d{4})\/(\d{2})\/[a-z0-9-]+-(\d+)$/.exec(r.url);
      assert.ok(m, r.url);
      assert.equal(`${m[1]}-${m[2]}`, r.publishedAt.slice(0, 7));
    }
  });

  it("publishes every record within [from, to] as ISO 8601 UTC", () => {
    const from = new Date("2021-03-01T00:00:00Z");
    const to = new Date("2021-03-02T12:00:00Z");
    for (const r of take({ count: 500, from, to })) {
      assert.match(r.publishedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const t = new Date(r.publishedAt);
      assert.equal(t.toISOString(), r.publishedAt);
      assert.ok(t >= from && t <= to, `${r.publishedAt} is outside the range`);
    }
  });

  it("spreads the default dates over every year from 2020 to 2025", () => {
    const perYear = new Map<string, number>();
    for (const r of SAMPLE) perYear.set(r.publishedAt.slice(0, 4), (perYear.get(r.publishedAt.slice(0, 4)) ?? 0) + 1);
    assert.deepEqual([...perYear.keys()].sort(), ["2020", "2021", "2022", "2023", "2024", "2025"]);
    for (const [year, n] of perYear) assert.ok(n > SAMPLE.length * 0.1 && n < SAMPLE.length * 0.25, `${year}: ${n}`);
  });

  it("names the most frequent person in far more articles than the 20th most frequent", () => {
    const counts = [...articlesNaming(SAMPLE).values()].map((s) => s.size).sort((a, b) => b - a);
    assert.ok(counts[19] > 0, "at least 20 people appear");
    assert.ok(counts[0] / counts[19] > 4, `top ${counts[0]}, 20th ${counts[19]}`);
  });

  it("names the top two people together in at least 5% of 2,000 articles", () => {
    const [first, second] = [...articlesNaming(SAMPLE).values()].sort((a, b) => b.size - a.size);
    const together = [...first].filter((k) => second.has(k)).length;
    assert.ok(first.size >= SAMPLE.length * 0.05 && second.size >= SAMPLE.length * 0.05);
    assert.ok(together >= SAMPLE.length * 0.05, `top two together in ${together} of ${SAMPLE.length}`);
  });

  it("names a known person in full before any surname or title alone", () => {
    let shortMentions = 0;
    const patterns = PEOPLE.map((p) => {
      const shortForms = p.aliases.filter((a) => !a.includes(p.name));
      return { name: p.name, pattern: namePattern([p.name, ...p.aliases]), short: shortForms.length > 0 ? namePattern(shortForms) : null };
    });
    for (const r of SAMPLE.slice(0, 500)) {
      for (const p of patterns) {
        // The first mention, longest form first: "President Lai Ching-te", not "President Lai".
        const first = p.pattern.exec(r.body);
        if (!first) continue;
        if (p.short?.test(r.body)) shortMentions++;
        assert.ok(first[0].includes(p.name), `${r.url} says "${first[0]}" before "${p.name}"`);
      }
    }
    assert.ok(shortMentions > 300, `only ${shortMentions} short mentions: the check above would prove little`);
  });

  it("introduces a made-up person in full and then as Mr or Ms only when asked to", () => {
    const surnames = new Set(PEOPLE.flatMap((p) => [p.name, ...p.aliases]).flatMap((n) => n.split(" ")));
    const unknownHonorifics = (body: string) => [...body.matchAll(/\b(?:Mr|Ms) ([A-Z][\p{L}'-]+)/gu)].filter((m) => !surnames.has(m[1].replace(/'s$/, "")));

    for (const r of take({ count: 200, unknownPeopleRate: 0 })) assert.deepEqual(unknownHonorifics(r.body).map((m) => m[0]), [], r.url);

    let withHonorific = 0;
    for (const r of take({ count: 200, unknownPeopleRate: 1 })) {
      const later = unknownHonorifics(r.body);
      if (later.length === 0) continue; // named once only: possible in a short article
      withHonorific++;
      const surname = later[0][1].replace(/'s$/, "");
      const introduction = new RegExp(`[A-Z][a-z]+ ${escape(surname)}\\b`).exec(r.body);
      assert.ok(introduction && introduction.index < later[0].index!, `${r.url}: "${later[0][0]}" comes before a full name`);
    }
    assert.ok(withHonorific > 100, `only ${withHonorific} of 200 articles refer back to their made-up person`);
  });

  it("sets precision traps in a few percent of articles", () => {
    const trap = /all of us|Let us be clear|turkey|Atlanta, election officials|Jordan [A-Z][a-z]+, a 34-year-old|Chad [A-Z][a-z]+, who runs|Historian [A-Z][a-z]+ Washington/;
    const share = SAMPLE.filter((r) => trap.test(r.body)).length / SAMPLE.length;
    assert.ok(share >= 0.01 && share <= 0.08, `traps in ${(share * 100).toFixed(1)}% of articles`);
  });

  it("streams: asking for a billion records returns the first at once", () => {
    const records = generateCorpus({ count: 1_000_000_000 });
    assert.equal(records.next().done, false);
    assert.equal(records.next().done, false);
  });

  it("rejects a negative count, an inverted date range and a rate outside [0, 1]", () => {
    assert.throws(() => generateCorpus({ count: -1 }).next(), RangeError);
    assert.throws(() => generateCorpus({ count: 1, from: new Date("2022-01-01"), to: new Date("2021-01-01") }).next(), RangeError);
    assert.throws(() => generateCorpus({ count: 1, unknownPeopleRate: 1.5 }).next(), RangeError);
  });
});

describe("ZipfSampler", () => {
  it("draws rank 1 about 2^1.1 times as often as rank 2, and every draw within range", () => {
    const zipf = new ZipfSampler(50, 1.1);
    const random = mulberry32(7);
    const counts = new Array<number>(50).fill(0);
    for (let k = 0; k < 100_000; k++) counts[zipf.sample(random)]++;
    assert.equal(counts.reduce((a, b) => a + b, 0), 100_000);
    const ratio = counts[0] / counts[1];
    assert.ok(Math.abs(ratio - 2 ** 1.1) < 0.1, `ratio ${ratio}`);
    assert.ok(Math.abs(counts[0] / 100_000 - zipf.probability(0)) < 0.01);
  });

  it("has probabilities that sum to 1", () => {
    const zipf = new ZipfSampler(200);
    let total = 0;
    for (let k = 0; k < zipf.size; k++) total += zipf.probability(k);
    assert.ok(Math.abs(total - 1) < 1e-9);
  });
});
