import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Linker, type Link, type SurfaceForm } from "../../src/ingest/linker";
import { MentionRole } from "../../src/mention/mention.entity";

const PUTIN = 1;
const IRAN = 2;
const US = 3;
const OMAN = 4;
const JERSEY = 5;
const CONGO = 6;
const DR_CONGO = 7;
const NUCLEAR = 8;
const RUSSIA = 9;

const name = (text: string, entityId: number): SurfaceForm => ({ text, entityId, caseSensitive: true });
const keyword = (text: string, entityId: number): SurfaceForm => ({ text, entityId, caseSensitive: false });

const FORMS: SurfaceForm[] = [
  name("Vladimir Putin", PUTIN),
  name("Putin", PUTIN),
  name("Iran", IRAN),
  name("Iranian", IRAN),
  name("US", US),
  name("United States", US),
  name("Oman", OMAN),
  name("Jersey", JERSEY),
  name("Congolese", CONGO),
  name("Republic of the Congo", CONGO),
  name("Congolese", DR_CONGO),
  name("DR Congo", DR_CONGO),
  keyword("nuclear", NUCLEAR),
  keyword("airstrike", NUCLEAR),
  name("Russia", RUSSIA),
];

const linker = new Linker(FORMS);

/** Links a body-only text (neutral headline, no summary). */
function linkBody(body: string, forms = linker): Link[] {
  return forms.link({ headline: "Talks end", summary: null, body });
}

/** entityId → count, for compact assertions. */
function counts(links: Link[]): Record<number, number> {
  return Object.fromEntries(links.map((l) => [l.entityId, l.count]));
}

describe("Linker", () => {
  it("counts \"Vladimir Putin\" once, not also as \"Putin\"", () => {
    assert.deepEqual(counts(linkBody("Vladimir Putin spoke in Moscow.")), { [PUTIN]: 1 });
    assert.deepEqual(counts(linkBody("Vladimir Putin spoke. Later Putin left.")), { [PUTIN]: 2 });
  });

  it("matches proper names case-sensitively: \"US\" in \"US strikes\" but not in \"let us go\"", () => {
    assert.deepEqual(counts(linkBody("US strikes hit the site.")), { [US]: 1 });
    assert.deepEqual(linkBody("Let us go, said one of us."), []);
    assert.deepEqual(counts(linkBody("US strikes hit. Let us go, said us.")), { [US]: 1 });
  });

  it("matches a name followed by a curly or straight possessive", () => {
    assert.deepEqual(counts(linkBody("Putin’s aide met Putin's envoy.")), { [PUTIN]: 2 });
  });

  it("does not match \"Iranian\" inside \"Iranians\" unless that form is given", () => {
    assert.deepEqual(linkBody("Iranians protested in the streets."), []);
    const withPlural = new Linker([...FORMS, name("Iranians", IRAN)]);
    assert.deepEqual(counts(linkBody("Iranians protested in the streets.", withPlural)), { [IRAN]: 1 });
  });

  it("does not match \"Oman\" inside \"woman\" or \"Romania\"", () => {
    assert.deepEqual(linkBody("A woman from Romania spoke."), []);
    assert.deepEqual(counts(linkBody("A woman from Oman spoke.")), { [OMAN]: 1 });
  });

  it("treats hyphens and punctuation as word boundaries", () => {
    assert.deepEqual(counts(linkBody("The US-led coalition (US) met Iran-backed groups.")), { [US]: 2, [IRAN]: 1 });
  });

  it("links neither entity for a form that two entities share", () => {
    assert.deepEqual(linkBody("Congolese troops crossed the river."), []);
    assert.deepEqual(counts(linkBody("Congolese troops left DR Congo.")), { [DR_CONGO]: 1 });
  });

  it("does not let a shared form fall back to a shorter form of one entity", () => {
    const forms = new Linker([name("Congo", CONGO), name("Congo Basin", CONGO), name("Congo Basin", DR_CONGO)]);
    assert.deepEqual(linkBody("Rain fell over the Congo Basin.", forms), []);
  });

  it("keeps a form that the same entity lists twice", () => {
    const forms = new Linker([name("Putin", PUTIN), name("Putin", PUTIN), name("  Putin  ", PUTIN), name("   ", IRAN)]);
    assert.deepEqual(counts(linkBody("Putin spoke.", forms)), { [PUTIN]: 1 });
  });

  it("does not link \"Jersey\" inside \"New Jersey\"", () => {
    assert.deepEqual(linkBody("He flew to New Jersey on Monday."), []);
    assert.deepEqual(counts(linkBody("Jersey voted on Monday.")), { [JERSEY]: 1 });
  });

  it("matches case-insensitive keyword forms in any case", () => {
    assert.deepEqual(counts(linkBody("NUCLEAR talks. Nuclear sites. nuclear fuel. An Airstrike hit.")), { [NUCLEAR]: 4 });
    assert.deepEqual(linkBody("Nonnuclear powers and airstrikes."), []);
  });

  it("finds nothing in a text without known names", () => {
    assert.deepEqual(linker.link({ headline: "Weather", summary: "Rain.", body: "It rained all day." }), []);
    assert.deepEqual(new Linker([]).link({ headline: "Putin", summary: null, body: "Putin" }), []);
  });

  it("counts exactly and weighs the headline 3, the opening 2 and later paragraphs 1", () => {
    const links = linker.link({
      headline: "Putin hosts Iranian minister",
      summary: null,
      body: "Vladimir Putin met the envoy in Moscow.\n\nPutin said Russia wants calm.\n\nThe US was not named by Putin’s aides.",
    });
    // Putin: 3 + 2 + 1 + 1 = 7; Iran: 3; Russia: 1; US: 1.
    assert.deepEqual(links, [
      { entityId: PUTIN, count: 4, salience: 1, role: MentionRole.ABOUT },
      { entityId: IRAN, count: 1, salience: 0.429, role: MentionRole.ABOUT },
      { entityId: US, count: 1, salience: 0.143, role: MentionRole.MENTIONS },
      { entityId: RUSSIA, count: 1, salience: 0.143, role: MentionRole.MENTIONS },
    ]);
  });

  it("gives salience 1 to the top entity and a salience in (0, 1] to every entity", () => {
    const links = linker.link({
      headline: "Iran and Russia sign a pact",
      summary: "The US is watching.",
      body: "Iran said the nuclear deal holds.\n\nOman and Jersey were not involved. Putin agreed.",
    });
    assert.equal(links[0].salience, 1);
    assert.equal(links.length, 7);
    for (const link of links) assert.ok(link.salience > 0 && link.salience <= 1, JSON.stringify(link));
    const saliences = links.map((l) => l.salience);
    assert.deepEqual(saliences, [...saliences].sort((a, b) => b - a));
  });

  it("marks an entity named in the headline ABOUT and a single passing body mention MENTIONS", () => {
    const links = linker.link({
      headline: "Iran rejects talks",
      summary: null,
      body: "Iran said no.\n\nIran repeated it.\n\nOman had offered to host.",
    });
    const byId = new Map(links.map((l) => [l.entityId, l]));
    assert.equal(byId.get(IRAN)?.role, MentionRole.ABOUT);
    assert.equal(byId.get(IRAN)?.count, 3);
    assert.equal(byId.get(OMAN)?.role, MentionRole.MENTIONS);
    assert.equal(byId.get(OMAN)?.count, 1);
    assert.equal(byId.get(OMAN)?.salience, 0.167); // 1 / (3 + 2 + 1)
  });

  it("marks an entity ABOUT when it dominates the text even outside the headline", () => {
    const links = linker.link({
      headline: "Talks end without a deal",
      summary: null,
      body: "Putin walked out.\n\nPutin later returned.\n\nRussia issued a statement.",
    });
    assert.deepEqual(links, [
      { entityId: PUTIN, count: 2, salience: 1, role: MentionRole.ABOUT },
      { entityId: RUSSIA, count: 1, salience: 0.333, role: MentionRole.MENTIONS },
    ]);
  });

  it("weighs the summary like the opening paragraph and counts its occurrences", () => {
    const links = linker.link({
      headline: "Talks end",
      summary: "Oman mediated.",
      body: "Iran spoke.\n\nNothing else happened.",
    });
    assert.deepEqual(links, [
      { entityId: IRAN, count: 1, salience: 1, role: MentionRole.ABOUT },
      { entityId: OMAN, count: 1, salience: 1, role: MentionRole.ABOUT },
    ]);
  });

  it("counts a name in the headline and the body as separate occurrences", () => {
    const links = linker.link({ headline: "Oman hosts talks", summary: null, body: "Talks began.\n\nOman said little." });
    assert.deepEqual(links, [{ entityId: OMAN, count: 2, salience: 1, role: MentionRole.ABOUT }]);
  });
});
