import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { RequestTimeoutError } from "../errors/errors";
import type { RequestRecord } from "./request";

/**
 * The execution deadline of one request (NEWSGRAPH_REQUEST_TIMEOUT_MS). graphql-js 16 cannot abort an
 * execution, so the deadline is kept field by field: a field that starts after it fails at once, and a
 * field still waiting (on a loader, on SQL) when it passes fails then, so the response is sent on time.
 * What was abandoned stops on its own: PostgreSQL cancels a statement past `statement_timeout`, which
 * defaults to the same length.
 */
export class Deadline {
  readonly expiresAt: number;
  private timer: NodeJS.Timeout | undefined;
  private expiry: Promise<never> | undefined;
  private timeout: RequestTimeoutError | undefined;

  constructor(readonly timeoutMs: number, now = Date.now()) {
    this.expiresAt = now + timeoutMs;
  }

  /** The TIMEOUT error of this request, made when first needed: most requests never need it. */
  get error(): RequestTimeoutError {
    this.timeout ??= new RequestTimeoutError(this.timeoutMs);
    return this.timeout;
  }

  /** Whether the deadline has passed. */
  get passed(): boolean {
    return Date.now() >= this.expiresAt;
  }

  /** Settles like `work`, or rejects with TIMEOUT when the deadline comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    if (!this.expiry) {
      this.expiry = new Promise<never>((_resolve, reject) => {
        this.timer = setTimeout(() => reject(this.error), Math.max(0, this.expiresAt - Date.now()));
        this.timer.unref();
      });
      this.expiry.catch(() => undefined); // rejections reach callers through the races below
    }
    return Promise.race([work, this.expiry]);
  }

  /** Stops the timer once the response is sent. */
  clear(): void {
    clearTimeout(this.timer);
  }
}

function isPromiseLike(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/**
 * Puts every field resolver of `schema` under the deadline of the request it runs for (see Deadline);
 * fields resolved by a plain property read need no check. A mutation that has started is not raced:
 * it runs to its end (or its statement timeout), so that a TIMEOUT never hides a change that was
 * committed after all.
 */
export function enforceDeadlines(schema: GraphQLSchema): GraphQLSchema {
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      if (!field.resolve) continue;
      const race = type !== mutationType;
      field.resolve = (source, args, context, info) => {
        const deadline = (context as { request?: RequestRecord } | undefined)?.request?.deadline;
        if (!deadline) return resolve(source, args, context, info);
        if (deadline.passed) throw deadline.error;
        const result = resolve(source, args, context, info);
        return race && isPromiseLike(result) ? deadline.race(result) : result;
      };
    }
  }
  return schema;
}
