/**
 * Operations preloaded in Apollo Sandbox on the landing page, so that a newcomer can run a graph
 * question at once. They work on the sample data `npm start` loads.
 */
export const EXAMPLE_OPERATIONS = `# Related stories mentioning Putin and Khamenei
query RelatedStoriesMentioning {
  articles(first: 10, filter: { mentioning: ["Putin", "Khamenei"] }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id
        headline
        desk
        publishedAt
        people { name }
        countries { name code }
        topics { name }
      }
    }
  }
}

# Who is mentioned most with Araghchi
query MentionedWithAraghchi {
  person(slug: "abbas-araghchi") {
    name
    coMentioned(first: 10, kind: PERSON) {
      edges { count node { name } }
    }
  }
}

# What we published about Iran this year, and which people appear in it
query IranThisYear {
  country(code: "IR") {
    name
    articles(first: 20, filter: { publishedAfter: "2025-01-01T00:00:00Z" }) {
      totalCount
      edges { node { headline publishedAt people { name } } }
    }
  }
}

# One article with every entity it mentions
query ArticleMentions {
  articles(first: 1) {
    edges {
      node {
        headline
        mentions { count salience role entity { __typename name } }
      }
    }
  }
}

# Search: words, "phrases", OR, -exclusion; ranked by relevance
query Search {
  search(query: """nuclear "foreign minister" -sport""", first: 5) {
    entities { __typename name }
    articles { totalCount edges { node { headline } } }
  }
}

# Related stories, and facets over a filtered result
query RelatedAndFacets {
  articles(first: 1, filter: { mentioning: ["Putin", "Khamenei"] }) {
    edges { node { headline related(first: 5) { edges { score sharedEntities { name } node { headline } } } } }
    facets { people(first: 5) { count entity { name } } countries(first: 5) { count entity { name } } desks { count desk } }
  }
}

# An entity's weekly timeline, and what is trending
query Timeline {
  country(code: "IR") { name timeline(interval: WEEK, from: "2025-06-01T00:00:00Z", to: "2025-07-01T00:00:00Z") { start count } }
  trending(window: MONTH, first: 5) { edges { count previousCount change node { name } } }
}

# The IPTC topic tree around diplomacy
query TopicTree {
  topic(slug: "diplomacy") {
    name
    iptcCode
    parent { name parent { name } }
    children { name iptcCode }
    articles(first: 5) { totalCount edges { node { headline } } }
  }
}
`;
