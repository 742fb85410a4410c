/** One IPTC Media Topic as newsgraph seeds it. */
export interface TopicSeed {
  /** IPTC Media Topic code, 8 digits as a string, e.g. "16000000". */
  iptcCode: string;
  /** The IPTC English preferred label, lower case as IPTC writes it, e.g. "conflict, war and peace". */
  name: string;
  /** newsgraph slug: lowercase ASCII, words joined by hyphens, unique across the file, e.g. "conflict-war-and-peace". For the subtopics below use exactly the slugs given. */
  slug: string;
  /** iptcCode of the parent topic; null for the 17 top-level topics. */
  parentCode: string | null;
  /** Lowercase words/phrases that, found in an article (case-insensitive, whole words), suggest this topic. 3-10 each, specific enough to avoid false hits (no "state", "case", "party" alone). */
  keywords: string[];
}

/** IPTC Media Topics (https://iptc.org/standards/media-topics/): the 17 top-level topics plus the subtopics newsgraph's content needs. Parents always appear before children. */
export const TOPICS: TopicSeed[] = [
  // ---------------------------------------------------------------------------
  // The 17 top-level Media Topics (en-GB preferred labels).
  // ---------------------------------------------------------------------------
  {
    iptcCode: "01000000",
    name: "arts, culture, entertainment and media",
    slug: "arts-culture-entertainment-and-media",
    parentCode: null,
    keywords: ["arts", "entertainment", "museum", "cinema", "theatre", "music", "exhibition", "artist", "artists"],
  },
  {
    iptcCode: "02000000",
    name: "crime, law and justice",
    slug: "crime-law-and-justice",
    parentCode: null,
    keywords: ["crime", "criminal", "court", "police", "prosecutor", "prosecutors", "justice system", "lawsuit", "convicted"],
  },
  {
    iptcCode: "03000000",
    name: "disaster, accident and emergency incident",
    slug: "disaster-accident-and-emergency-incident",
    parentCode: null,
    keywords: ["disaster", "accident", "emergency services", "earthquake", "flood", "flooding", "wildfire", "rescue workers", "state of emergency"],
  },
  {
    iptcCode: "04000000",
    name: "economy, business and finance",
    slug: "economy-business-and-finance",
    parentCode: null,
    keywords: ["economy", "economic", "business", "finance", "financial", "investors", "stock market", "gdp", "inflation"],
  },
  {
    iptcCode: "05000000",
    name: "education",
    slug: "education",
    parentCode: null,
    keywords: ["education", "school", "schools", "university", "universities", "students", "teachers", "curriculum"],
  },
  {
    iptcCode: "06000000",
    name: "environment",
    slug: "environment",
    parentCode: null,
    keywords: ["environment", "environmental", "pollution", "conservation", "biodiversity", "deforestation", "wildlife", "sustainability"],
  },
  {
    iptcCode: "07000000",
    name: "health",
    slug: "health",
    parentCode: null,
    keywords: ["health", "healthcare", "hospital", "hospitals", "disease", "medical", "vaccine", "patients", "public health"],
  },
  {
    iptcCode: "08000000",
    name: "human interest",
    slug: "human-interest",
    parentCode: null,
    keywords: ["human interest", "heartwarming", "celebrity", "celebrities", "centenarian", "quirky", "viral video"],
  },
  {
    iptcCode: "09000000",
    name: "labour",
    slug: "labour",
    parentCode: null,
    keywords: ["labour", "labor", "employment", "unemployment", "workers", "trade union", "trade unions", "wages", "workforce"],
  },
  {
    iptcCode: "10000000",
    name: "lifestyle and leisure",
    slug: "lifestyle-and-leisure",
    parentCode: null,
    keywords: ["lifestyle", "leisure", "travel", "tourism", "tourists", "holiday", "fashion", "hobby", "recreation"],
  },
  {
    iptcCode: "11000000",
    name: "politics and government",
    slug: "politics-and-government",
    parentCode: null,
    keywords: ["politics", "political", "government", "parliament", "lawmakers", "politicians", "minister", "legislation"],
  },
  {
    iptcCode: "12000000",
    name: "religion",
    slug: "religion",
    parentCode: null,
    keywords: ["religion", "religious", "church", "mosque", "synagogue", "faith", "clergy", "pope", "worship"],
  },
  {
    iptcCode: "13000000",
    name: "science and technology",
    slug: "science-and-technology",
    parentCode: null,
    keywords: ["science", "scientific", "scientists", "technology", "research", "researchers", "innovation", "artificial intelligence"],
  },
  {
    iptcCode: "14000000",
    name: "society",
    slug: "society",
    parentCode: null,
    keywords: ["society", "social issues", "poverty", "inequality", "discrimination", "social welfare", "demographics", "homelessness"],
  },
  {
    iptcCode: "15000000",
    name: "sport",
    slug: "sport",
    parentCode: null,
    keywords: ["sport", "sports", "football", "soccer", "tennis", "tournament", "championship", "olympics", "athletes"],
  },
  {
    iptcCode: "16000000",
    name: "conflict, war and peace",
    slug: "conflict-war-and-peace",
    parentCode: null,
    keywords: ["war", "conflict", "military", "ceasefire", "hostilities", "troops", "peace", "violence"],
  },
  {
    iptcCode: "17000000",
    name: "weather",
    slug: "weather",
    parentCode: null,
    keywords: ["weather", "weather forecast", "storm", "rainfall", "heatwave", "temperatures", "meteorological", "snowfall"],
  },

  // ---------------------------------------------------------------------------
  // conflict, war and peace (16000000)
  // ---------------------------------------------------------------------------
  {
    iptcCode: "20000053",
    name: "act of terror",
    slug: "act-of-terror",
    parentCode: "16000000",
    keywords: ["terror attack", "terrorist attack", "suicide bombing", "suicide bomber", "car bomb", "bombing", "hostage-taking"],
  },
  {
    iptcCode: "20000056",
    name: "armed conflict",
    slug: "armed-conflict",
    parentCode: "16000000",
    keywords: ["armed conflict", "airstrike", "airstrikes", "air strikes", "military strikes", "military action", "military offensive", "shelling", "artillery", "hostilities"],
  },
  {
    iptcCode: "20000058",
    name: "international military intervention",
    slug: "international-military-intervention",
    parentCode: "20000056",
    keywords: ["military intervention", "foreign intervention", "coalition forces", "multinational force", "intervene militarily"],
  },
  {
    iptcCode: "20000060",
    name: "military occupation",
    slug: "military-occupation",
    parentCode: "20000056",
    keywords: ["military occupation", "occupied territory", "occupied territories", "occupying forces", "occupation forces", "annexation"],
  },
  {
    iptcCode: "20000062",
    name: "war",
    slug: "war",
    parentCode: "20000056",
    keywords: ["war", "wartime", "warring", "declaration of war", "invasion", "frontline", "front line"],
  },
  {
    iptcCode: "20000063",
    name: "civil war",
    slug: "civil-war",
    parentCode: "20000062",
    keywords: ["civil war", "rebel forces", "rebels", "insurgents", "insurgency", "militia", "militias"],
  },
  {
    iptcCode: "20000065",
    name: "civil unrest",
    slug: "civil-unrest",
    parentCode: "16000000",
    keywords: ["civil unrest", "unrest", "riot", "riots", "rioting", "curfew", "clashes with police"],
  },
  {
    iptcCode: "20000066",
    name: "protests and demonstrations",
    slug: "protests-and-demonstrations",
    parentCode: "20000065",
    keywords: ["protest", "protests", "protesters", "protestors", "demonstration", "demonstrations", "demonstrators", "sit-in"],
  },
  {
    iptcCode: "20000070",
    name: "coup d'etat",
    slug: "coup-d-etat",
    parentCode: "16000000",
    keywords: ["coup", "coup d'etat", "coup attempt", "junta", "military takeover", "seized power"],
  },
  {
    iptcCode: "20000073",
    name: "peace process",
    slug: "peace-process",
    parentCode: "16000000",
    keywords: ["peace process", "peace deal", "peace agreement", "peace plan", "ceasefire", "truce", "armistice", "de-escalation"],
  },
  {
    iptcCode: "20000076",
    name: "peace talks",
    slug: "peace-talks",
    parentCode: "20000073",
    keywords: ["peace talks", "peace negotiations", "ceasefire talks", "negotiated settlement", "mediation", "mediated talks"],
  },
  {
    iptcCode: "20000078",
    name: "disarmament",
    slug: "disarmament",
    parentCode: "20000073",
    keywords: ["disarmament", "arms control", "non-proliferation", "nonproliferation", "weapons inspectors", "arms reduction", "decommissioning"],
  },
  {
    iptcCode: "20001361",
    name: "cyber warfare",
    slug: "cyber-warfare",
    parentCode: "16000000",
    keywords: ["cyber warfare", "cyberwarfare", "cyberattack", "cyberattacks", "cyber attack", "cyber attacks", "state-sponsored hackers", "cyber espionage"],
  },
  {
    iptcCode: "20001377",
    name: "war victims",
    slug: "war-victims",
    parentCode: "16000000",
    keywords: ["war victims", "civilian casualties", "civilian deaths", "civilians killed", "killed and wounded", "prisoners of war", "missing in action"],
  },

  // ---------------------------------------------------------------------------
  // crime, law and justice (02000000)
  // ---------------------------------------------------------------------------
  {
    iptcCode: "20000082",
    name: "crime",
    slug: "crime",
    parentCode: "02000000",
    keywords: ["crime", "crimes", "criminals", "offence", "offense", "felony", "organised crime", "organized crime"],
  },
  {
    iptcCode: "20000072",
    name: "genocide",
    slug: "genocide",
    parentCode: "20000082",
    keywords: ["genocide", "genocidal", "ethnic cleansing", "mass atrocities", "extermination"],
  },
  {
    iptcCode: "20000103",
    name: "terrorism",
    slug: "terrorism",
    parentCode: "20000082",
    keywords: ["terrorism", "terrorist", "terrorists", "counterterrorism", "counter-terrorism", "extremist group", "jihadist", "jihadists"],
  },
  {
    iptcCode: "20000105",
    name: "war crime",
    slug: "war-crime",
    parentCode: "20000082",
    keywords: ["war crime", "war crimes", "crimes against humanity", "atrocities", "atrocity", "targeting civilians"],
  },
  {
    iptcCode: "20000121",
    name: "law",
    slug: "law",
    parentCode: "02000000",
    keywords: ["law", "laws", "legal", "statute", "legal framework", "lawyers", "legal experts"],
  },
  {
    iptcCode: "20000126",
    name: "international law",
    slug: "international-law",
    parentCode: "20000121",
    keywords: ["international law", "un charter", "united nations charter", "geneva convention", "geneva conventions", "international humanitarian law", "law of the sea", "customary international law"],
  },
  {
    iptcCode: "20000128",
    name: "international court and tribunal",
    slug: "international-court-and-tribunal",
    parentCode: "20000126",
    keywords: ["international court", "international criminal court", "international court of justice", "icc", "icj", "the hague", "war crimes tribunal"],
  },

  // ---------------------------------------------------------------------------
  // economy, business and finance (04000000)
  // ---------------------------------------------------------------------------
  {
    iptcCode: "20000209",
    name: "products and services",
    slug: "products-and-services",
    parentCode: "04000000",
    keywords: ["industry", "industries", "manufacturing", "manufacturer", "manufacturers", "consumer goods", "services sector"],
  },
  {
    iptcCode: "20000256",
    name: "energy and resource",
    slug: "energy-and-resource",
    parentCode: "20000209",
    keywords: ["energy", "energy sector", "energy supply", "crude oil", "oil prices", "natural gas", "electricity", "power grid", "renewable energy", "coal"],
  },
  {
    iptcCode: "20000265",
    name: "nuclear power",
    slug: "nuclear-energy",
    parentCode: "20000256",
    keywords: ["nuclear energy", "nuclear power", "nuclear facilities", "nuclear facility", "nuclear plant", "nuclear power plant", "nuclear reactor", "uranium enrichment", "civilian nuclear", "atomic energy"],
  },
  {
    iptcCode: "20000344",
    name: "economy",
    slug: "economy",
    parentCode: "04000000",
    keywords: ["economy", "economies", "economic growth", "economic outlook", "economists", "national economy"],
  },
  {
    iptcCode: "20000346",
    name: "economic trends and indicators",
    slug: "economic-trends-and-indicators",
    parentCode: "20000344",
    keywords: ["inflation", "gdp", "recession", "unemployment rate", "consumer prices", "economic indicators", "economic data", "trade deficit"],
  },
  {
    iptcCode: "20000350",
    name: "central bank",
    slug: "central-bank",
    parentCode: "20000344",
    keywords: ["central bank", "central banks", "interest rates", "federal reserve", "european central bank", "monetary policy", "rate hike", "rate cut"],
  },

  // ---------------------------------------------------------------------------
  // environment (06000000)
  // ---------------------------------------------------------------------------
  {
    iptcCode: "20000418",
    name: "climate change",
    slug: "climate-change",
    parentCode: "06000000",
    keywords: ["climate change", "global warming", "greenhouse gas", "greenhouse gases", "carbon emissions", "net zero", "climate crisis", "paris agreement"],
  },

  // ---------------------------------------------------------------------------
  // politics and government (11000000)
  // ---------------------------------------------------------------------------
  {
    iptcCode: "20000574",
    name: "election",
    slug: "elections",
    parentCode: "11000000",
    keywords: ["election", "elections", "voters", "voting", "ballot", "polling station", "electoral", "election campaign", "presidential race"],
  },
  {
    iptcCode: "20000584",
    name: "referendum",
    slug: "referendum",
    parentCode: "20000574",
    keywords: ["referendum", "referendums", "referenda", "plebiscite", "ballot measure"],
  },
  {
    iptcCode: "20000593",
    name: "government",
    slug: "government",
    parentCode: "11000000",
    keywords: ["government", "governments", "cabinet", "ministry", "ruling coalition", "prime minister", "head of state"],
  },
  {
    iptcCode: "20000598",
    name: "national security",
    slug: "national-security",
    parentCode: "20000593",
    keywords: ["national security", "defence ministry", "defense ministry", "defence minister", "defense minister", "defence policy", "defense policy", "security threat"],
  },
  {
    iptcCode: "20000599",
    name: "armed forces",
    slug: "armed-forces",
    parentCode: "20000598",
    keywords: ["armed forces", "army", "navy", "air force", "soldiers", "military personnel", "the military", "troops"],
  },
  {
    iptcCode: "20000602",
    name: "military weaponry and equipment",
    slug: "military-weaponry-and-equipment",
    parentCode: "20000598",
    keywords: ["weapons", "weaponry", "missile", "missiles", "ballistic missile", "arms sales", "arms deal", "fighter jets", "warplanes", "ammunition"],
  },
  {
    iptcCode: "20000605",
    name: "espionage and intelligence",
    slug: "espionage-and-intelligence",
    parentCode: "20000598",
    keywords: ["espionage", "spy", "spies", "spying", "intelligence agency", "intelligence services", "intelligence officials"],
  },
  {
    iptcCode: "20000621",
    name: "government policy",
    slug: "government-policy",
    parentCode: "11000000",
    keywords: ["government policy", "public policy", "policymakers", "policy reform", "white paper", "government programme"],
  },
  {
    iptcCode: "20000345",
    name: "economic policy",
    slug: "economic-policy",
    parentCode: "20000621",
    keywords: ["economic policy", "tariff", "tariffs", "fiscal policy", "stimulus package", "austerity", "trade policy", "privatisation", "nationalisation"],
  },
  {
    iptcCode: "20000634",
    name: "immigration policy",
    slug: "immigration-policy",
    parentCode: "20000621",
    keywords: ["immigration", "immigration policy", "immigrants", "deportation", "deportations", "asylum policy", "border control", "visa rules"],
  },
  {
    iptcCode: "20000635",
    name: "nuclear policy",
    slug: "nuclear-policy",
    parentCode: "20000621",
    keywords: ["nuclear policy", "nuclear programme", "nuclear program", "nuclear weapon", "nuclear weapons", "nuclear deal", "nuclear arsenal", "nuclear warheads", "atomic bomb", "nuclear talks"],
  },
  {
    iptcCode: "20000638",
    name: "international relations",
    slug: "international-relations",
    parentCode: "11000000",
    keywords: ["international relations", "foreign policy", "foreign affairs", "bilateral relations", "bilateral ties", "geopolitical", "geopolitics", "international community", "strategic partnership"],
  },
  {
    iptcCode: "20000639",
    name: "diplomacy",
    slug: "diplomacy",
    parentCode: "20000638",
    keywords: ["diplomacy", "diplomatic", "diplomats", "foreign minister", "foreign ministry", "mediator", "envoy", "ambassador", "embassy", "diplomatic solution"],
  },
  {
    iptcCode: "20000640",
    name: "summit meeting",
    slug: "summit-meeting",
    parentCode: "20000639",
    keywords: ["summit", "summit meeting", "summit talks", "g7", "g20", "heads of state", "state visit"],
  },
  {
    iptcCode: "20000641",
    name: "treaty",
    slug: "treaty",
    parentCode: "20000639",
    keywords: ["treaty", "treaties", "accord", "accords", "pact", "ratification", "ratify", "signatories"],
  },
  {
    iptcCode: "20000642",
    name: "economic sanction",
    slug: "economic-sanction",
    parentCode: "20000638",
    keywords: ["sanctions", "economic sanctions", "embargo", "embargoes", "trade restrictions", "asset freeze", "blacklisted"],
  },
  {
    iptcCode: "20000643",
    name: "foreign aid",
    slug: "foreign-aid",
    parentCode: "20000638",
    keywords: ["foreign aid", "humanitarian aid", "development aid", "aid package", "military aid", "international aid", "donor countries", "aid agencies"],
  },
  {
    iptcCode: "20000644",
    name: "international organisation",
    slug: "international-organisation",
    parentCode: "20000638",
    keywords: ["united nations", "security council", "general assembly", "nato", "european union", "african union", "world bank", "international monetary fund", "asean", "international organisation"],
  },
  {
    iptcCode: "20000645",
    name: "refugees and internally displaced people",
    slug: "refugees-and-internally-displaced-people",
    parentCode: "20000638",
    keywords: ["refugee", "refugees", "asylum seekers", "displaced people", "internally displaced", "refugee camp", "displacement", "unhcr"],
  },

  // ---------------------------------------------------------------------------
  // society (14000000)
  // ---------------------------------------------------------------------------
  {
    iptcCode: "20000587",
    name: "fundamental rights",
    slug: "fundamental-rights",
    parentCode: "14000000",
    keywords: ["fundamental rights", "civil liberties", "civil rights", "freedom of speech", "freedom of expression", "press freedom"],
  },
  {
    iptcCode: "20000592",
    name: "human rights",
    slug: "human-rights",
    parentCode: "20000587",
    keywords: ["human rights", "rights abuses", "human rights violations", "amnesty international", "human rights watch", "torture", "rights groups"],
  },
];
