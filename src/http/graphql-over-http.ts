import type { ApolloServerPlugin } from "@apollo/server";

const JSON_TYPE = "application/json";
const GRAPHQL_RESPONSE_TYPE = "application/graphql-response+json";

/** Codes of the request errors the GraphQL-over-HTTP spec answers with 200 under `application/json`. */
const REQUEST_ERROR_CODES = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"]);

interface Preference {
  q: number;
  specificity: number;
  order: number;
}

/** How strongly `accept` asks for `type`, as Apollo's negotiation weighs it (the most specific matching entry wins). */
function preferenceFor(type: string, accept: string): Preference | null {
  const [main, sub] = type.split("/");
  let best: Preference | null = null;
  accept.split(",").forEach((entry, order) => {
    const [range = "", ...params] = entry.trim().toLowerCase().split(";");
    const [rangeMain, rangeSub] = range.trim().split("/");
    if ((rangeMain !== "*" && rangeMain !== main) || (rangeSub !== "*" && rangeSub !== sub)) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const specificity = (rangeMain === main ? 4 : 0) + (rangeSub === sub ? 2 : 0);
    if (!best || specificity > best.specificity || (specificity === best.specificity && (q > best.q || (q === best.q && order < best.order)))) {
      best = { q: Number.isFinite(q) ? q : 0, specificity, order };
    }
  });
  return best && (best as Preference).q > 0 ? best : null;
}

/**
 * Whether the response to a request with this `Accept` header is `application/graphql-response+json`
 * rather than `application/json`, decided as Apollo Server decides it: higher q, then the more
 * specific entry, then the one listed first; `application/json` on a tie and when `Accept` is absent.
 */
export function respondsWithGraphQLResponseJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const json = preferenceFor(JSON_TYPE, accept);
  const graphql = preferenceFor(GRAPHQL_RESPONSE_TYPE, accept);
  if (!graphql) return false;
  if (!json) return true;
  if (graphql.q !== json.q) return graphql.q > json.q;
  if (graphql.specificity !== json.specificity) return graphql.specificity > json.specificity;
  return graphql.order < json.order;
}

/**
 * The GraphQL-over-HTTP spec's rule for `application/json` responses
 * (https://graphql.github.io/graphql-over-http/draft/#sec-application-json): a document that does not
 * parse or validate, or variables that do not coerce, still get 200 with the errors in the body, since
 * legacy clients and intermediaries read a 4xx as a transport failure. Apollo Server answers 400 for
 * every media type; under `application/graphql-response+json` 400 is right and is kept.
 */
export function graphqlOverHttpStatusPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      if (respondsWithGraphQLResponseJson(request.http?.headers.get("accept"))) return;
      return {
        async willSendResponse({ response }) {
          if (response.http.status !== 400 || response.body.kind !== "single") return;
          const { data, errors } = response.body.singleResult;
          if (data === undefined && errors?.length && errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}
