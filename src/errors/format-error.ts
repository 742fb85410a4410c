import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import type { ValidationError } from "class-validator";
import { DomainError } from "./errors";

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

/**
 * The one place where errors become what a client sees. Domain errors keep their message, code and
 * details; GraphQL's own request errors pass through; everything else (a failed SQL statement, a bug)
 * becomes INTERNAL_SERVER_ERROR with a generic message and is logged here. No stack trace is sent.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error);
  // Outside resolvers (validation, request limits) a domain error arrives wrapped in a GraphQLError.
  const original = unwrapped instanceof GraphQLError && unwrapped.originalError instanceof DomainError ? unwrapped.originalError : unwrapped;
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
    return { ...formatted, extensions };
  }
  if (original instanceof GraphQLError && !original.originalError && !code) {
    // Raised by graphql-js while coercing values (e.g. an Int out of range): the client's input.
    return { ...base, message: formatted.message, extensions: { code: "BAD_USER_INPUT" } };
  }
  console.error("internal error:", original);
  return { ...base, message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
