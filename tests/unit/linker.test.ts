import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EntityKind } from "../../src/entity/entity.entity";
import { Gazetteer, type GazetteerEntry } from "../../src/ingest/gazetteer";
import { linkArticle, type LinkOptions, type LinkResult } from "../../src/ingest/linker";
import { MentionRole } from "../../src/mention/mention.entity";

/**
 * A small gazetteer mirroring the seeded reference data where it matters: the same names, aliases,
 * demonyms and capitals (the United States' capital is "Washington D.C." as in `world-countries`).
 * Kim Jong Un and Kim Yo Jong have no "Kim" alias; the two Al Thanis share a surname.
 */
const ENTRIES: GazetteerEntry[] = [
  { id: 1, kind: EntityKind.PERSON, name: "Vladimir Putin", aliases: ["Putin", "President Putin"] },
  { id: 2, kind: EntityKind.PERSON, name: "Ali Khamenei", aliases: ["Khamenei", "Ayatollah Ali Khamenei"] },
  { id: 3, kind: EntityKind.PERSON, name: "Abbas Araghchi", aliases: ["Araghchi"] },
  { id: 4, kind: EntityKind.PERSON, name: "Kim Jong Un", aliases: [] },
  { id: 5, kind: EntityKind.PERSON, name: "Kim Yo Jong", aliases: [] },
  { id: 6, kind: EntityKind.PERSON, name: "Tamim bin Hamad Al Thani", aliases: [] },
  { id: 7, kind: EntityKind.PERSON, name: "Mohammed bin Abdulrahman Al Thani", aliases: [] },
  { id: 101, kind: EntityKind.COUNTRY, name: "United States", aliases: ["US", "U.S.", "USA", "United States of America"], demonyms: ["American"], capital: "Washington D.C." },
  { id: 102, kind: EntityKind.COUNTRY, name: "Russia", aliases: [], demonyms: ["Russian"], capital: "Moscow" },
  { id: 103, kind: EntityKind.COUNTRY, name: "Iran", aliases: [], demonyms: ["Iranian"], capital: "Tehran" },
  { id: 104, kind: EntityKind.COUNTRY, name: "Israel", aliases: [], demonyms: ["Israeli"], capital: "Jerusalem" },
  { id: 105, kind: EntityKind.COUNTRY, name: "Turkey", aliases: [], demonyms: ["Turkish"], capital: "Ankara" },
  { id: 106, kind: EntityKind.COUNTRY, name: "Georgia", aliases: [], demonyms: ["Georgian"], capital: "Tbilisi" },
  { id: 107, kind: EntityKind.COUNTRY, name: "Jordan", aliases: [], demonyms: ["Jordanian"], capital: "Amman" },
  { id: 108, kind: EntityKind.COUNTRY, name: "Chad", aliases: [], demonyms: ["Chadian"], capital: "N'Djamena" },
  { id: 109, kind: EntityKind.COUNTRY, name: "Poland", aliases: [], demonyms: ["Polish"], capital: "Warsaw" },
  { id: 110, kind: EntityKind.COUNTRY, name: "Oman", aliases: [], demonyms: ["Omani"], capital: "Muscat" },
  { id: 201, kind: EntityKind.TOPIC, name: "diplomacy", aliases: [], keywords: ["diplomacy", "diplomatic", "foreign minister"] },
  { id: 202, kind: EntityKind.TOPIC, name: "armed conflict", aliases: [], keywords: ["airstrikes", "military action"] },
];

const GAZETTEER = new Gazetteer(ENTRIES);
const NAMES = new Map(ENTRIES.map((e) => [e.id, e.name]));

/** Links a body (and optionally a headline and standfirst) against the gazetteer above. */
function link(body: string, parts: { headline?: string; summary?: string } = {}, options?: LinkOptions, gazetteer = GAZETTEER): LinkResult {
  return linkArticle(gazetteer, { headline: parts.headline ?? "Morning briefing", summary: parts.summary ?? null, body }, options);
}

/** What a reader checks first: which entities were linked, by name, and how often. */
function counts(result: LinkResult): Record<string, number> {
  return Object.fromEntries(result.links.map((l) => [NAMES.get(l.entityId) ?? `#${l.entityId}`, l.count]));
}

/** Linked entities and counts for a body. */
function linked(body: string, parts: { headline?: string; summary?: string } = {}): Record<string, number> {
  return counts(link(body, parts));
}

/** Discovered people as "name ×count". */
function discovered(result: LinkResult): string[] {
  return result.discovered.map((d) => `${d.name} ×${d.count}`);
}

describe("linkArticle: people", () => {
  it("counts \"Vladimir Putin\" once, not once for the full name and again for the surname", () => {
    assert.deepEqual(linked("Vladimir Putin met officials on Monday."), { "Vladimir Putin": 1 });
  });

  it("counts the longest form as one mention: \"President Putin\", \"Ayatollah Ali Khamenei\"", () => {
    assert.deepEqual(linked("President Putin spoke after Ayatollah Ali Khamenei wrote to him."), { "Vladimir Putin": 1, "Ali Khamenei": 1 });
  });

  it("links a surname alias on its own: \"Khamenei\" → Ali Khamenei, \"Araghchi\" → Abbas Araghchi", () => {
    assert.deepEqual(linked("Khamenei wrote a letter and Araghchi delivered it."), { "Ali Khamenei": 1, "Abbas Araghchi": 1 });
  });

  it("links possessives with straight and curly apostrophes: \"Putin's\" and \"Putin’s\"", () => {
    assert.deepEqual(linked("Putin's aides met Putin’s allies."), { "Vladimir Putin": 2 });
  });

  it("links both names in \"the Khamenei-to-Putin outreach\"", () => {
    assert.deepEqual(linked("Analysts praised the Khamenei-to-Putin outreach."), { "Ali Khamenei": 1, "Vladimir Putin": 1 });
  });

  it("links a title, demonym and full name side by side: \"Russian President Vladimir Putin\"", () => {
    assert.deepEqual(linked("Russian President Vladimir Putin received the letter."), { Russia: 1, "Vladimir Putin": 1 });
  });

  it("links a bare \"Kim\" to Kim Jong Un when the article names him", () => {
    assert.deepEqual(linked("Kim Jong Un inspected a missile launch. Later Kim said the test succeeded."), { "Kim Jong Un": 2 });
  });

  it("does not link a bare \"Kim\" when the article names neither Kim", () => {
    assert.deepEqual(linked("Kim said the test succeeded."), {});
  });

  it("does not link a bare \"Kim\" when the article names both Kims", () => {
    assert.deepEqual(linked("Kim Jong Un and Kim Yo Jong attended. Kim said the test succeeded."), { "Kim Jong Un": 1, "Kim Yo Jong": 1 });
  });

  it("links a surname shared by two known people to the one the article names", () => {
    assert.deepEqual(linked("Tamim bin Hamad Al Thani hosted the talks. Al Thani said they went well."), { "Tamim bin Hamad Al Thani": 2 });
  });

  it("does not link a surname shared by two known people when the article names neither", () => {
    assert.deepEqual(linked("Al Thani said the talks went well."), {});
  });

  it("does not link a surname shared by two known people when the article names both", () => {
    assert.deepEqual(linked("Tamim bin Hamad Al Thani and Mohammed bin Abdulrahman Al Thani hosted the talks. Al Thani said they went well."), {
      "Tamim bin Hamad Al Thani": 1,
      "Mohammed bin Abdulrahman Al Thani": 1,
    });
  });
});

describe("linkArticle: countries", () => {
  it("links \"US\" the country but not \"us\" the pronoun", () => {
    assert.deepEqual(linked("Let us see what the US does next."), { "United States": 1 });
    assert.deepEqual(linked("Tell us what you think."), {});
  });

  it("links \"U.S.\", \"USA\" and \"United States of America\", the last as one mention", () => {
    assert.deepEqual(linked("U.S. officials met on Monday. USA fans cheered. The United States of America agreed."), { "United States": 3 });
  });

  it("links demonyms and their plurals: \"Iranian\", \"Iranians\", \"Russians\"", () => {
    assert.deepEqual(linked("Iranians protested as Iranian officials met Russians."), { Iran: 2, Russia: 1 });
  });

  it("links the plural of a demonym ending in \"i\": \"Israelis\", \"Omanis\"", () => {
    assert.deepEqual(linked("Israelis and Omanis watched the match."), { Israel: 1, Oman: 1 });
  });

  it("links capitals standing for their governments: \"Tehran said\", \"Moscow agreed\"", () => {
    assert.deepEqual(linked("Tehran said it would respond. Moscow agreed."), { Iran: 1, Russia: 1 });
  });

  it("links \"Washington\" as the US government", () => {
    assert.deepEqual(linked("Washington said it would respond."), { "United States": 1 });
  });

  it("does not link \"George Washington\" to the United States", () => {
    assert.deepEqual(linked("George Washington crossed the Delaware."), {});
  });

  it("does not link \"Denzel Washington\" to the United States", () => {
    assert.deepEqual(linked("The actor Denzel Washington starred in the film."), {});
  });

  it("links \"Turkey said\" to Turkey", () => {
    assert.deepEqual(linked("Turkey said it would respond."), { Turkey: 1 });
  });

  it("does not link \"Turkey\" at a Thanksgiving dinner", () => {
    assert.deepEqual(linked("Turkey at Thanksgiving dinner was dry again."), {});
  });

  it("does not link \"Turkey's\" in a recipe headline", () => {
    assert.deepEqual(linked("Brine it overnight.", { headline: "Turkey's best roast recipe for Thanksgiving dinner" }), {});
  });

  it("does not link \"Georgia\" in an article about Atlanta and Governor Brian Kemp", () => {
    assert.deepEqual(linked("Georgia certified the results in Atlanta, Governor Brian Kemp said."), {});
  });

  it("links \"Georgia\" in an article that names Tbilisi", () => {
    assert.deepEqual(linked("Georgia summoned the Russian ambassador, officials in Tbilisi said."), { Georgia: 2, Russia: 1 });
  });

  it("does not link \"Georgia's governor\" in an article about Atlanta", () => {
    assert.deepEqual(linked("Georgia's governor Brian Kemp signed the bill in Atlanta."), {});
  });

  it("does not link \"Georgians\" in an article about Atlanta", () => {
    assert.deepEqual(linked("In Atlanta, Governor Brian Kemp urged Georgians to vote."), {});
  });

  it("does not link \"Jordan Peterson\" or \"Chad Smith\", whose first names are countries", () => {
    assert.deepEqual(linked("Jordan Peterson spoke at the event. Chad Smith played the drums."), {});
  });

  it("links \"King Abdullah of Jordan\" and \"troops in Chad\"", () => {
    assert.deepEqual(linked("King Abdullah of Jordan met French troops in Chad."), { Jordan: 1, Chad: 1 });
  });

  it("does not link \"Dr Jordan\", a person", () => {
    assert.deepEqual(linked("Dr Jordan said the trial was promising."), {});
  });

  it("does not link \"Dr. Jordan\", a person, when the honorific has a full stop", () => {
    assert.deepEqual(linked("Dr. Jordan said the trial was promising."), {});
  });

  it("matches whole words only: no \"Oman\" inside \"woman\"", () => {
    assert.deepEqual(linked("A woman from Muscat spoke to a woman from Amman."), { Oman: 1, Jordan: 1 });
    assert.deepEqual(linked("The woman spoke."), {});
  });

  it("does not find \"Iran\" inside \"Iranian\" when the demonym is not known", () => {
    const noDemonyms = new Gazetteer([{ id: 103, kind: EntityKind.COUNTRY, name: "Iran", aliases: [], demonyms: [], capital: null }]);
    assert.deepEqual(counts(link("Iranian officials met on Monday.", {}, undefined, noDemonyms)), {});
    assert.deepEqual(counts(link("Iranian officials met in Iran’s capital.", {}, undefined, noDemonyms)), { Iran: 1 });
  });
});

describe("linkArticle: topics", () => {
  it("matches topic keywords in any case", () => {
    assert.deepEqual(linked("DIPLOMACY failed. Diplomatic efforts ended when airstrikes and Military Action resumed."), { diplomacy: 2, "armed conflict": 2 });
  });

  it("counts a keyword of several words once: \"Foreign Minister\"", () => {
    assert.deepEqual(linked("The Foreign Minister arrived late."), { diplomacy: 1 });
  });
});

describe("linkArticle: salience and role", () => {
  const result = link("Officials gathered early. Putin arrived by car.\n\nLater, the US was mentioned once in passing.", { headline: "Putin visits Tehran" });
  const byName = new Map(result.links.map((l) => [NAMES.get(l.entityId), l]));

  it("gives the most prominent entity salience 1 and lists it first", () => {
    assert.equal(NAMES.get(result.links[0].entityId), "Vladimir Putin");
    assert.equal(result.links[0].salience, 1);
  });

  it("marks entities named in the headline ABOUT", () => {
    assert.equal(byName.get("Vladimir Putin")?.role, MentionRole.ABOUT);
    assert.equal(byName.get("Iran")?.role, MentionRole.ABOUT);
  });

  it("marks a single passing mention in the body MENTIONS, with a low salience", () => {
    assert.deepEqual(byName.get("United States"), { entityId: 101, count: 1, salience: 0.2, role: MentionRole.MENTIONS });
  });

  it("weighs the headline and opening above the body: one headline mention outweighs two body mentions", () => {
    const weighted = link("Talks began.\n\nKhamenei spoke. Khamenei spoke again.", { headline: "Araghchi in Moscow" });
    const araghchi = weighted.links.find((l) => l.entityId === 3);
    const khamenei = weighted.links.find((l) => l.entityId === 2);
    assert.ok(araghchi && khamenei);
    assert.ok(araghchi.salience > khamenei.salience, JSON.stringify(weighted.links));
    assert.equal(khamenei.count, 2);
  });
});

describe("linkArticle: people not in the gazetteer", () => {
  const kowalski = "Foreign Ministry spokeswoman Maria Kowalski said the talks would resume. Ms Kowalski added that nothing had been agreed.";

  it("proposes \"Maria Kowalski\", counting the later \"Ms Kowalski\"", () => {
    const result = link(kowalski);
    assert.deepEqual(result.discovered.map((d) => ({ name: d.name, key: d.key, count: d.count })), [{ name: "Maria Kowalski", key: "maria kowalski", count: 2 }]);
  });

  it("proposes \"Tony Blair\", counting the later \"Mr Blair\"", () => {
    assert.deepEqual(discovered(link("Tony Blair spoke in London on Monday. Mr Blair said he was hopeful.")), ["Tony Blair ×2"]);
  });

  it("does not propose a doubtful name seen once: \"Amber Rudd visited\"", () => {
    assert.deepEqual(discovered(link("Amber Rudd visited the port.")), []);
    assert.deepEqual(discovered(link("Amber Rudd visited the port.", {}, { confirm: () => false })), []);
  });

  it("proposes a doubtful name seen once when confirm agrees, asking with the name and its sentence", () => {
    const asked: [string, string][] = [];
    const result = link("Amber Rudd visited the port.", {}, { confirm: (name, sentence) => (asked.push([name, sentence]), true) });
    assert.deepEqual(discovered(result), ["Amber Rudd ×1"]);
    assert.equal(asked.length, 1);
    assert.equal(asked[0][0], "Amber Rudd");
    assert.match(asked[0][1], /Amber Rudd visited the port/);
  });

  it("never proposes \"Grace Church\", which ends in an institution word, even when confirm agrees", () => {
    assert.deepEqual(discovered(link("The choir sang at Grace Church on Sunday.")), []);
    assert.deepEqual(discovered(link("The choir sang at Grace Church on Sunday.", {}, { confirm: () => true })), []);
  });

  it("proposes nobody when discover is false", () => {
    assert.deepEqual(link(kowalski, {}, { discover: false }).discovered, []);
  });

  it("never proposes people the gazetteer already knows", () => {
    const result = link("Foreign Minister Abbas Araghchi said Iran was ready. Mr Araghchi added that Vladimir Putin agreed.", {}, { confirm: () => true });
    assert.deepEqual(result.discovered, []);
    assert.equal(counts(result)["Abbas Araghchi"], 2);
    assert.equal(counts(result)["Vladimir Putin"], 1);
  });

  it("does not propose \"Al Thani\", the surname of two known people, as a new person", () => {
    assert.deepEqual(link("Al Thani said the talks went well.").discovered, []);
  });

  it("never makes a name of institution words: \"Foreign Ministry\", \"White House\", \"Supreme Court\"", () => {
    const text = "The Foreign Ministry said talks would resume. Officials at the White House agreed, the Supreme Court said. The White House and the Foreign Ministry repeated it.";
    assert.deepEqual(link(text, {}, { confirm: () => true }).discovered, []);
  });

  it("proposes the name without its possessive: \"Maria Kowalski's statement\" → \"Maria Kowalski\"", () => {
    const result = link("Spokeswoman Maria Kowalski's statement was brief. Ms Kowalski added more.");
    assert.deepEqual(discovered(result), ["Maria Kowalski ×2"]);
  });

  it("keeps the hyphen of a double-barrelled name: \"Karine Jean-Pierre\"", () => {
    assert.deepEqual(discovered(link("White House spokeswoman Karine Jean-Pierre said the talks would resume.")), ["Karine Jean-Pierre ×1"]);
  });

  it("proposes a name with two particles: \"Ursula von der Leyen\"", () => {
    assert.deepEqual(discovered(link("Commission President Ursula von der Leyen said the talks would resume.")), ["Ursula von der Leyen ×1"]);
  });
});
