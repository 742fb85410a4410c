import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import type { ValidationError } from "class-validator";
import { DomainError } from "./errors";
import { classifyDatabaseFailure } from "./infrastructure";

/** Codes of errors raised by GraphQL itself (parsing, validation, variable coercion). */
const CLIENT_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
]);

/** One invalid input field: its path (`filter.mentionsAll`) and what is wrong with it. */
export interface InvalidField {
  field: string;
  message: string;
}

/**
 * Flattens class-validator's nested errors into one entry per failed constraint, naming each field by
 * its path. The offending values are not echoed back: they can be large, and the client has them.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ""): InvalidField[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => ({ field, message: text.replace(error.property, field) }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** What a client is told when the database is out of reach or a statement ran too long. */
const INFRASTRUCTURE_MESSAGES = {
  SERVICE_UNAVAILABLE: "The database is unavailable; try again shortly",
  TIMEOUT: "A database statement took too long and was cancelled; ask for less at once",
} as const;

/** graphql-js's hints at names of the schema ("Did you mean \"title\"?"), which outline a schema whose introspection may be off. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** How errors are shown: `production` also hides graphql-js's schema name suggestions. */
export interface FormatErrorOptions {
  production: boolean;
}

/**
 * What was thrown: type-graphql's and Apollo's wrappers removed. Outside resolvers (validation, the
 * request limits' plugin) a domain error arrives wrapped in a GraphQLError.
 */
function originalError(error: unknown): unknown {
  const unwrapped = unwrapResolverError(error);
  return unwrapped instanceof GraphQLError && unwrapped.originalError instanceof DomainError ? unwrapped.originalError : unwrapped;
}

/**
 * The code a client sees for `error` as thrown (before formatting): the domain error's own code, the
 * database failure's code, or INTERNAL_SERVER_ERROR for anything unexpected. GraphQL's own request
 * errors (parse, validation, coercion) are classified by formatError from their extensions instead.
 */
export function errorCodeOf(error: unknown): string {
  const original = originalError(error);
  if (original instanceof DomainError) return original.code;
  if (original instanceof ArgumentValidationError) return "BAD_USER_INPUT";
  return classifyDatabaseFailure(original) ?? "INTERNAL_SERVER_ERROR";
}

/**
 * The one place where errors become what a client sees. Domain errors keep their message, code and
 * details; GraphQL's own request errors pass through; a lost database or a cancelled statement becomes
 * SERVICE_UNAVAILABLE or TIMEOUT; everything else (a failed SQL statement, a bug) becomes
 * INTERNAL_SERVER_ERROR with a generic message. No stack trace, SQL text or internal message is sent;
 * the request log records the original (see src/ops/ops.plugin.ts).
 */
export function createFormatError({ production }: FormatErrorOptions): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  const fromGraphQL = (message: string) => (production ? message.replace(SUGGESTION, "") : message);
  return (formatted, error) => {
    const original = originalError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    if (original instanceof ArgumentValidationError) {
      const fields = flattenValidationErrors(original.extensions.validationErrors);
      return {
        ...base,
        message: `Invalid input: ${fields.map((f) => f.message).join("; ")}`,
        extensions: { code: "BAD_USER_INPUT", fields },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && CLIENT_CODES.has(code)) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message: fromGraphQL(formatted.message), extensions };
    }
    if (original instanceof GraphQLError && !original.originalError && !code) {
      // Raised by graphql-js while coercing values (e.g. an Int out of range): the client's input.
      return { ...base, message: fromGraphQL(formatted.message), extensions: { code: "BAD_USER_INPUT" } };
    }
    if (original instanceof GraphQLError && (original.extensions?.http as { status?: number } | undefined)?.status === 400) {
      // Apollo's refusal of a malformed request that carries no code (a persisted query whose text does not match its hash).
      return { ...base, message: formatted.message, extensions: { code: "BAD_REQUEST" } };
    }
    const failure = classifyDatabaseFailure(original);
    if (failure) return { ...base, message: INFRASTRUCTURE_MESSAGES[failure], extensions: { code: failure } };
    return { ...base, message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
