import countries from "world-countries";
import type { Country } from "../country/country.entity";
import { slugify } from "../entity/entity.rows";

/**
 * Press usage the `world-countries` package does not carry: dotted abbreviations and short names
 * newsrooms write. Everything else about a country comes from the package.
 */
const PRESS_ALIASES: Record<string, string[]> = {
  US: ["U.S.", "U.S.A.", "United States"],
  TR: ["Turkey"],
  CZ: ["Czech Republic"],
  MM: ["Burma"],
  SZ: ["Swaziland"],
  CI: ["Ivory Coast"],
  CV: ["Cape Verde"],
  MK: ["Macedonia"],
  GB: ["U.K.", "Britain"],
  AE: ["UAE", "U.A.E."],
  KP: ["DPRK"],
  CD: ["DRC"],
};

/** Two-letter abbreviations kept as aliases although they look like ISO codes. */
const ABBREVIATIONS = new Set(["US", "UK"]);

/** The fields of a Country entity newsgraph seeds. */
export type CountrySeed = Pick<Country, "slug" | "name" | "aliases" | "description" | "code" | "alpha3" | "region" | "subregion" | "capital" | "demonyms">;

/**
 * All ISO 3166-1 countries (officially assigned codes) from `world-countries`: common name, official
 * name and Latin-script alternative spellings as aliases, English demonyms, capital, region.
 */
export function countrySeeds(): CountrySeed[] {
  const official = countries.filter((c) => c.status === "officially-assigned");
  // A demonym shared by a state and a territory ("American": the US and the Northern Mariana
  // Islands) belongs to the state; one shared by two states ("Congolese") stays on both.
  const independentDemonyms = new Set(official.filter((c) => c.independent).flatMap((c) => [c.demonyms?.eng?.m, c.demonyms?.eng?.f]));
  return official
    .map((c) => {
      const latin = (s: string) => /^[\p{Script=Latin}\p{N}\s.,'’()-]+$/u.test(s);
      const aliases = [c.name.official, ...c.altSpellings, ...(PRESS_ALIASES[c.cca2] ?? [])].filter(
        (a) => a !== c.name.common && latin(a) && (a.length > 2 || ABBREVIATIONS.has(a)),
      );
      const demonyms = [c.demonyms?.eng?.m, c.demonyms?.eng?.f].filter(
        (d): d is string => Boolean(d) && (c.independent || !independentDemonyms.has(d)),
      );
      return {
        slug: slugify(c.name.common),
        name: c.name.common,
        aliases: [...new Set(aliases)],
        description: c.name.official,
        code: c.cca2,
        alpha3: c.cca3,
        region: c.region,
        subregion: c.subregion || null,
        capital: c.capital?.[0] ?? null,
        demonyms: [...new Set(demonyms)],
      };
    });
}
