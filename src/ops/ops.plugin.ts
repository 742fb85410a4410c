import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ArgumentValidationError } from "type-graphql";
import { DomainError } from "../errors/errors";
import { classifyDatabaseFailure } from "../errors/infrastructure";
import { describeError, type Logger } from "../logging/logger";
import type { RequestRecord } from "./request";

/** HTTP status of a response whose errors include these codes: the request could not be served now. */
const STATUS_OF: Record<string, number> = { TIMEOUT: 504, SERVICE_UNAVAILABLE: 503 };

/**
 * The operational side of each GraphQL request: records its operation name, error codes and response
 * (for the request log line, see requestScope), answers a lost database with HTTP 503 (`Retry-After`)
 * and a passed deadline with 504, and logs each unexpected error with its stack under the request id,
 * since the client only sees a generic INTERNAL_SERVER_ERROR.
 */
export function operationsPlugin<TContext extends { request?: RequestRecord }>(logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const record = contextValue.request;
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (original instanceof DomainError || original instanceof ArgumentValidationError || original === error) continue;
            const failure = classifyDatabaseFailure(original);
            const line = { requestId: record?.id, path: error.path, err: describeError(original) };
            if (failure) logger.warn(line, failure === "TIMEOUT" ? "database statement cancelled" : "database unavailable");
            else logger.error(line, "internal error");
          }
        },
        async willSendResponse({ response, operationName }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          const codes = [...new Set((result.errors ?? []).map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR")))];
          if (record) {
            record.operationName = operationName;
            record.codes.push(...codes);
            record.result = result;
          }
          const status = codes.map((c) => STATUS_OF[c]).find(Boolean);
          if (status) {
            response.http.status = status;
            if (status === 503) response.http.headers.set("retry-after", "5");
          }
        },
      };
    },
  };
}
