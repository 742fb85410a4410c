import { ConfigError } from "../config";

/** A token bucket of cost points per client: a burst of `capacity`, refilled at `restoreRate` a second. */
export interface RateLimitConfig {
  capacity: number;
  restoreRate: number;
}

/**
 * What one request may ask of newsgraph. Each limit rejects a request before it runs any SQL, with a
 * code and the limit in `extensions` (see README, "Limits").
 */
export interface LimitsConfig {
  /** Bytes of query text (variables are bounded by the 4 MB body limit). */
  maxQueryBytes: number;
  /** Lexical tokens of the document (names, punctuation, values), counted before parsing. */
  maxTokens: number;
  /** Nesting of fields in an operation; fragments add no level of their own. */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Requested cost of one operation, in points (see `src/limits/limits.cost.ts`). */
  maxCost: number;
  /** Cost points per client; null turns rate limiting off. */
  rateLimit: RateLimitConfig | null;
}

/**
 * Defaults that accept every Sandbox example and contract operation with room to spare (the costliest
 * costs 164 points, the longest document has 362 tokens and nests 7 fields deep), while a page of 100
 * articles each with 100 related stories (11 302 points) is refused.
 * The bucket follows Shopify's: 1 000 points at once, 50 a second (3 000 a minute) sustained.
 */
export const DEFAULT_LIMITS: LimitsConfig = {
  maxQueryBytes: 16_384,
  maxTokens: 2_000,
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 50,
  maxCost: 1_000,
  rateLimit: { capacity: 1_000, restoreRate: 50 },
};

function count(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new ConfigError(`${name}: expected a whole number of at least ${min}, got "${value.slice(0, 40)}"`);
  }
  return n;
}

function rate(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(n > 0)) throw new ConfigError(`${name}: expected a number above 0, got "${value.slice(0, 40)}"`);
  return n;
}

/**
 * Reads the limits from `NEWSGRAPH_MAX_QUERY_BYTES`, `NEWSGRAPH_MAX_TOKENS`, `NEWSGRAPH_MAX_DEPTH`,
 * `NEWSGRAPH_MAX_ALIASES`, `NEWSGRAPH_MAX_DIRECTIVES`, `NEWSGRAPH_MAX_COST`, `NEWSGRAPH_RATE_LIMIT`
 * (bucket size in points; 0 turns rate limiting off) and `NEWSGRAPH_RATE_RESTORE` (points a second).
 * A malformed value is a ConfigError naming the variable.
 */
export function parseLimits(env: NodeJS.ProcessEnv): LimitsConfig {
  const d = DEFAULT_LIMITS;
  const capacity = count("NEWSGRAPH_RATE_LIMIT", env.NEWSGRAPH_RATE_LIMIT, d.rateLimit!.capacity, 0);
  const restoreRate = rate("NEWSGRAPH_RATE_RESTORE", env.NEWSGRAPH_RATE_RESTORE, d.rateLimit!.restoreRate);
  return {
    maxQueryBytes: count("NEWSGRAPH_MAX_QUERY_BYTES", env.NEWSGRAPH_MAX_QUERY_BYTES, d.maxQueryBytes, 1),
    maxTokens: count("NEWSGRAPH_MAX_TOKENS", env.NEWSGRAPH_MAX_TOKENS, d.maxTokens, 1),
    maxDepth: count("NEWSGRAPH_MAX_DEPTH", env.NEWSGRAPH_MAX_DEPTH, d.maxDepth, 1),
    maxAliases: count("NEWSGRAPH_MAX_ALIASES", env.NEWSGRAPH_MAX_ALIASES, d.maxAliases, 0),
    maxDirectives: count("NEWSGRAPH_MAX_DIRECTIVES", env.NEWSGRAPH_MAX_DIRECTIVES, d.maxDirectives, 0),
    maxCost: count("NEWSGRAPH_MAX_COST", env.NEWSGRAPH_MAX_COST, d.maxCost, 1),
    rateLimit: capacity === 0 ? null : { capacity, restoreRate },
  };
}
