import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nameKey, slugify } from "../../src/entity/entity.rows";

describe("slugify", () => {
  it("turns \"Recep Tayyip Erdoğan\" into \"recep-tayyip-erdogan\"", () => {
    assert.equal(slugify("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
  });

  it("drops straight and curly apostrophes inside a word: \"Gideon Sa'ar\" → \"gideon-saar\"", () => {
    assert.equal(slugify("Gideon Sa'ar"), "gideon-saar");
    assert.equal(slugify("Gideon Sa’ar"), "gideon-saar");
    assert.equal(slugify("Côte d'Ivoire"), "cote-divoire");
  });

  it("removes accents from seeded names and countries", () => {
    assert.equal(slugify("Luiz Inácio Lula da Silva"), "luiz-inacio-lula-da-silva");
    assert.equal(slugify("Jean-Noël Barrot"), "jean-noel-barrot");
    assert.equal(slugify("São Tomé and Príncipe"), "sao-tome-and-principe");
    assert.equal(slugify("Åland Islands"), "aland-islands");
    assert.equal(slugify("Türkiye"), "turkiye");
  });

  it("joins words with single hyphens and trims hyphens at the ends", () => {
    assert.equal(slugify("  Iran seeks stronger Russian support — as FM visits Moscow!  "), "iran-seeks-stronger-russian-support-as-fm-visits-moscow");
    assert.equal(slugify("G7 / G20: 2025 summit"), "g7-g20-2025-summit");
  });

  it("gives only lowercase ASCII letters, digits and hyphens", () => {
    for (const name of ["Mohamed bin Zayed Al Nahyan", "Viktor Orbán", "Nicolás Maduro", "Curaçao", "Saint Barthélemy"]) {
    assert.match(slugify(name), /^[a-z0-9]+(-[a-z0-9]+)*$/, name);
    }
  });

  it("transliterates Latin letters that have no accent decomposition (ı, ł, ø, ß)", () => {
    assert.equal(slugify("Kemal Kılıçdaroğlu"), "kemal-kilicdaroglu");
    assert.equal(slugify("Lech Wałęsa"), "lech-walesa");
    assert.equal(slugify("Lars Løkke Rasmussen"), "lars-lokke-rasmussen");
  });
});

describe("nameKey", () => {
  it("folds case", () => {
    assert.equal(nameKey("VLADIMIR Putin"), "vladimir putin");
    assert.equal(nameKey("vladimir putin"), nameKey("Vladimir PUTIN"));
  });

  it("folds accents", () => {
    assert.equal(nameKey("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
    assert.equal(nameKey("Viktor Orbán"), nameKey("Viktor Orban"));
  });

  it("folds curly and modifier apostrophes to a straight one", () => {
    assert.equal(nameKey("Gideon Sa’ar"), "gideon sa'ar");
    assert.equal(nameKey("Gideon Sa‘ar"), "gideon sa'ar");
    assert.equal(nameKey("Gideon Saʼar"), "gideon sa'ar");
    assert.equal(nameKey("Gideon Sa'ar"), "gideon sa'ar");
  });

  it("collapses and trims whitespace, including tabs, newlines and no-break spaces", () => {
    assert.equal(nameKey("  Abbas \t\n Araghchi  "), "abbas araghchi");
    assert.equal(nameKey("Abbas\u00a0Araghchi"), "abbas araghchi");
    assert.equal(nameKey("Abbas\u202fAraghchi"), "abbas araghchi");
  });

  it("keeps hyphens and the apostrophe, unlike slugify", () => {
    assert.equal(nameKey("Jean-Noël Barrot"), "jean-noel barrot");
    assert.equal(nameKey("Côte d’Ivoire"), "cote d'ivoire");
  });

  it("gives an empty key for a blank name", () => {
    assert.equal(nameKey("   "), "");
  });
});
