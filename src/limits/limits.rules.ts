import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { HeaderMap } from "@apollo/server";
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from "graphql";
import type { ErrorRequestHandler } from "express";
import { DomainError, type ErrorCode } from "../errors/errors";
import { createFormatError } from "../errors/format-error";
import type { LimitsConfig } from "./limits.config";

/**
 * A request refused by a limit, as a GraphQLError carrying the domain error (so the one mapper in
 * format-error.ts shows its code and details) and the HTTP status (and headers) to answer with.
 */
export function limitError(code: ErrorCode, message: string, details: Record<string, unknown>, status: number, headers: Record<string, string> = {}): GraphQLError {
  return new GraphQLError(message, {
    originalError: new DomainError(code, message, details),
    extensions: { http: { status, headers: new HeaderMap(Object.entries(headers)) } },
  });
}

/** The one mapper; limit errors are domain errors, which it shows the same in and out of production. */
const formatError = createFormatError({ production: true });

/** The error as a client sees it, through the one mapper, for answers sent outside Apollo Server. */
export function formattedLimitError(error: GraphQLError) {
  return formatError({ message: error.message }, error);
}

/** Lexical tokens in `query`, as the parser would read them (comments excluded); null if it does not lex. */
export function countTokens(query: string): number | null {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) tokens += 1;
  } catch {
    return null; // a syntax error: Apollo Server reports it when it parses
  }
  return tokens;
}

/**
 * The limits checked on the query text before it is parsed: its size in bytes, then its number of
 * tokens (so that neither a huge nor a token-stuffed document costs a parse). Returns the error to
 * answer with, or null.
 */
export function checkQueryText(config: LimitsConfig, query: string): GraphQLError | null {
  const bytes = Buffer.byteLength(query, "utf8");
  if (bytes > config.maxQueryBytes) {
    return limitError("QUERY_TOO_LARGE", `The query is ${bytes} bytes long; at most ${config.maxQueryBytes} are accepted. Pass large values as variables.`, { limit: config.maxQueryBytes, found: bytes }, 413);
  }
  const tokens = countTokens(query);
  if (tokens !== null && tokens > config.maxTokens) {
    return limitError("TOO_MANY_TOKENS", `The query has ${tokens} tokens; at most ${config.maxTokens} are accepted.`, { limit: config.maxTokens, found: tokens }, 400);
  }
  return null;
}

/** Query texts of a request: the body's `query` (or each of a batch's) and a GET's `?query=`. */
export function queryTexts(body: unknown, search: unknown): string[] {
  const texts: string[] = [];
  for (const item of Array.isArray(body) ? body : [body]) {
    if (item && typeof item === "object" && typeof (item as { query?: unknown }).query === "string") texts.push((item as { query: string }).query);
  }
  if (search && typeof search === "object" && typeof (search as { query?: unknown }).query === "string") texts.push((search as { query: string }).query);
  return texts;
}

/**
 * Answers a body over express.json's limit as a GraphQL error with the limit, instead of an HTML page.
 * body-parser marks such errors with `type: "entity.too.large"`.
 */
export const bodyTooLarge: ErrorRequestHandler = (error, _req, res, next) => {
  if (error?.type !== "entity.too.large") return next(error);
  const graphqlError = limitError("QUERY_TOO_LARGE", `The request body is ${error.length} bytes long; at most ${error.limit} are accepted.`, { limit: error.limit, found: error.length }, 413);
  res.status(413).json({ errors: [formattedLimitError(graphqlError)] });
};

/** Reads the measured value out of a graphql-armor message ("… limit of 10 exceeded, found 14."). */
function found(message: string): number | undefined {
  const match = /found (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Reports graphql-armor's rejection as newsgraph's coded error instead of its plain one. */
function reject(code: ErrorCode, what: string, limit: number) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const n = found(error.message);
    const message = `The operation has ${n ?? "too many"} ${what}; at most ${limit} are accepted.`;
    context?.reportError(limitError(code, message, { limit, found: n }, 400));
  };
}

/**
 * Validation rules for the operation's shape, from graphql-armor: nesting depth (fields only; fragments
 * add no level, and introspection's `__schema` is not counted), aliases and directives. They run with
 * GraphQL's own validation, before anything executes.
 */
export function shapeRules(config: LimitsConfig): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  return [
    maxDepthRule({ ...common, n: config.maxDepth, flattenFragments: true, ignoreIntrospection: true, onReject: [reject("QUERY_TOO_DEEP", "levels of nesting", config.maxDepth)] }),
    maxAliasesRule({ ...common, n: config.maxAliases, onReject: [reject("TOO_MANY_ALIASES", "aliases", config.maxAliases)] }),
    maxDirectivesRule({ ...common, n: config.maxDirectives, onReject: [reject("TOO_MANY_DIRECTIVES", "directives", config.maxDirectives)] }),
  ];
}
