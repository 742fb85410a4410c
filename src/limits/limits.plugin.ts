import { createHash } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { GraphQLError, type ValidationRule } from "graphql";
import type { SharedRedis } from "../redis/redis";
import { createBucketStore, type BucketStore, type ThrottleStatus } from "./limits.buckets";
import type { LimitsConfig } from "./limits.config";
import { actualCost, requestedCost } from "./limits.cost";
import { bodyTooLarge, checkQueryText, formattedLimitError, limitError, queryTexts, shapeRules } from "./limits.rules";

/** What `extensions.cost` reports for every executed operation (Shopify's shape). */
export interface CostReport {
  requestedQueryCost: number;
  actualQueryCost: number;
  /** The client's bucket after this request; absent when rate limiting is off. */
  throttleStatus?: ThrottleStatus;
}

/**
 * The rate-limited client the HTTP request `res` answers comes from (clientKey), noted by `beforeParsing`
 * and handed to the plugin in the GraphQL context (`Context.client`).
 */
export function rateLimitClientOf(res: Response): string | undefined {
  return res.locals.newsgraphClient as string | undefined;
}

/**
 * Who pays for a request: the `X-API-Key` header when given (hashed, so the key itself is never held
 * or logged), else the client's IP address (Express's `req.ip`: the socket's address unless Express
 * is told to trust a proxy).
 */
export function clientKey(apiKey: string | undefined, ip: string | undefined): string {
  if (apiKey) return `key:${createHash("sha256").update(apiKey).digest("hex").slice(0, 32)}`;
  return `ip:${ip ?? "unknown"}`;
}

/** The pieces `startServer` wires in: Express middleware around the endpoint, validation rules, a plugin. */
export interface Limits {
  /** Before Apollo Server: refuses oversized or token-stuffed queries before parsing; notes the client. */
  beforeParsing: RequestHandler;
  /** After it: answers bodies over the body-size limit with a coded GraphQL error. */
  bodyTooLarge: ErrorRequestHandler;
  /** Depth, aliases and directives, checked during validation. */
  validationRules: ValidationRule[];
  /** Prices each operation, refuses it over the cost limit or the client's bucket (`client` of the context), reports its cost. */
  plugin: ApolloServerPlugin<{ client?: string }>;
}

/**
 * newsgraph's abuse limits. Buckets live in `redis` when given (shared by every instance using it,
 * falling back to this process while it is unavailable), else in this process.
 */
export function createLimits(config: LimitsConfig, redis: SharedRedis | null): Limits {
  const buckets = config.rateLimit ? createBucketStore(config.rateLimit, redis) : null;
  // A query that costs more than a full bucket could never run: the bucket's size caps the cost too.
  const maxCost = Math.min(config.maxCost, config.rateLimit?.capacity ?? Infinity);
  return {
    beforeParsing: (req, res, next) => {
      for (const query of queryTexts(req.body, req.query)) {
        const error = checkQueryText(config, query);
        if (error) {
          res.status((error.extensions.http as { status: number }).status).json({ errors: [formattedLimitError(error)] });
          return;
        }
      }
      res.locals.newsgraphClient = clientKey(req.get("x-api-key"), req.ip ?? req.socket.remoteAddress);
      next();
    },
    bodyTooLarge,
    validationRules: shapeRules(config),
    plugin: costPlugin(maxCost, buckets),
  };
}

function costPlugin(maxCost: number, buckets: BucketStore | null): ApolloServerPlugin<{ client?: string }> {
  return {
    async requestDidStart({ contextValue }) {
      let requested: number | null = null;
      let charged: { client: string; cost: number } | null = null;
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          let cost: number;
          try {
            cost = requestedCost(schema, document, request.variables, operationName);
          } catch (error) {
            if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
              throw limitError("QUERY_TOO_COMPLEX", "The operation selects too many fields once its fragments are spread.", { limit: maxCost }, 400);
            }
            // Variables that do not fit the operation: execution reports them before any resolver
            // runs. Nothing is charged up front; settling charges what was returned (nothing).
            cost = 0;
          }
          if (cost > maxCost) {
            throw limitError("QUERY_TOO_COMPLEX", `The operation may cost ${cost} points; at most ${maxCost} are accepted. Ask for smaller pages or fewer fields.`, { limit: maxCost, found: cost }, 400);
          }
          const client = contextValue.client;
          if (buckets && client) {
            const result = await buckets.take(client, cost);
            if (!result.allowed) {
              throw limitError(
                "RATE_LIMITED",
                `Rate limit reached: the operation costs ${cost} points and ${result.status.currentlyAvailable} are available; retry in ${result.retryAfter} s.`,
                { retryAfter: result.retryAfter, cost, throttleStatus: result.status },
                429,
                { "retry-after": String(result.retryAfter) },
              );
            }
            charged = { client, cost };
          }
          requested = cost;
        },
        async willSendResponse({ schema, document, operation, response }) {
          if (requested === null || response.body.kind !== "single" || !document || !operation) return;
          const result = response.body.singleResult;
          const actual = actualCost(schema, document, operation, result.data);
          const report: CostReport = { requestedQueryCost: requested, actualQueryCost: actual };
          // The bucket was charged what the operation could cost; it pays what it did cost.
          if (charged) report.throttleStatus = await buckets!.settle(charged.client, actual - charged.cost);
          result.extensions = { ...result.extensions, cost: report };
        },
      };
    },
  };
}
