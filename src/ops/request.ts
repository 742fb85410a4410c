import { randomUUID } from "node:crypto";
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { Logger } from "../logging/logger";
import { describeError } from "../logging/logger";
import { Deadline } from "./deadline";

/** What newsgraph knows about one HTTP request to /graphql while it runs, and logs when it ends. */
export interface RequestRecord {
  /** From the client's `X-Request-Id` when it is a sane token, else a new UUID; echoed in the response. */
  id: string;
  startedAt: number;
  deadline: Deadline | null;
  operationName?: string | null;
  /** The response's error codes, in order of first appearance. */
  codes: string[];
  /** The response body as sent, read when the request ends (extensions written by any plugin). */
  result?: { extensions?: Record<string, unknown> };
}

/**
 * The record of the request `res` answers, kept on the response (`res.locals`) and handed to GraphQL in
 * its context (`Context.request`). Not an AsyncLocalStorage: on Node.js 20 any use of one turns on
 * promise hooks for every promise the process makes (about 4% of the server's CPU under load, and 6%
 * of its allocations).
 */
export function requestRecordOf(res: Response): RequestRecord | undefined {
  return res.locals.newsgraphRequest as RequestRecord | undefined;
}

const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * Express middleware in front of /graphql: gives the request its id (header `X-Request-Id`) and its
 * deadline, runs the rest of the chain inside its record, and writes one log line when the response
 * is finished (or the client went away): request id, operation, duration, HTTP status, outcome with
 * error codes, and the query cost when the response reports one in `extensions.cost`.
 */
export function requestScope(logger: Logger, timeoutMs: number): RequestHandler {
  // The line below is built here from known fields, none of them a credential, so the logger's redaction
  // (which re-reads its 15 paths on every line) is skipped for it: one line per request adds up.
  const access = logger.child({}, { redact: [] });
  return (req, res, next) => {
    const header = req.get("x-request-id");
    const record: RequestRecord = {
      id: header && REQUEST_ID.test(header) ? header : randomUUID(),
      startedAt: performance.now(),
      deadline: timeoutMs > 0 ? new Deadline(timeoutMs) : null,
      codes: [],
    };
    res.setHeader("X-Request-Id", record.id);
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      record.deadline?.clear();
      const aborted = !res.writableFinished;
      const cost = record.result?.extensions?.cost;
      const line = {
        requestId: record.id,
        operation: record.operationName ?? null,
        durationMs: Math.round((performance.now() - record.startedAt) * 10) / 10,
        status: res.statusCode,
        outcome: aborted ? "aborted" : record.codes.length ? "error" : "ok",
        ...(record.codes.length ? { codes: record.codes } : {}),
        ...(cost !== undefined ? { cost } : {}),
      };
      if (res.statusCode >= 500) access.warn(line, "graphql request");
      else access.info(line, "graphql request");
    };
    res.once("finish", log);
    res.once("close", log);
    res.locals.newsgraphRequest = record;
    next();
  };
}

/**
 * Answers what Express itself rejects before GraphQL runs (a body that is not JSON, or too large) in
 * the shape of a GraphQL error instead of an HTML page, and anything unexpected as a generic
 * INTERNAL_SERVER_ERROR; never with a stack trace.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = Number(error?.status ?? error?.statusCode ?? 500);
    const record = requestRecordOf(res);
    if (status >= 400 && status < 500) {
      record?.codes.push("BAD_REQUEST");
      // body-parser's own messages quote the body's parser ("Unexpected end of JSON input"): say what is wrong instead.
      const message =
        error?.type === "entity.parse.failed"
          ? "Request body is not valid JSON"
          : error?.type === "entity.too.large"
            ? "Request body is too large"
            : error?.expose && typeof error.message === "string"
              ? error.message
              : "Bad request";
      res.status(status).json({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    record?.codes.push("INTERNAL_SERVER_ERROR");
    logger.error({ requestId: record?.id, err: describeError(error) }, "request failed outside GraphQL");
    res.status(500).json({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
  };
}
