import type { ValueTransformer } from "typeorm";

/**
 * Instants are stored as epoch milliseconds in a BIGINT on both SQLite and PostgreSQL: one column type
 * for both dialects, exact keyset comparisons in cursors, and no session time-zone surprises.
 * (pg returns BIGINT as a string; this turns it back into a Date.)
 */
export const epochMillis: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null) => (value === null || value === undefined ? null : new Date(Number(value))),
};

/** Current time as a Date with millisecond precision, the precision newsgraph stores. */
export function now(): Date {
  return new Date();
}
