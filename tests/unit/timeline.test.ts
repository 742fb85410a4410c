import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DomainError } from "../../src/errors/errors";
import { timelineBuckets } from "../../src/entity/timeline.service";
import { MAX_TIMELINE_BUCKETS, TimelineInterval } from "../../src/entity/timeline.types";

const ms = (iso: string) => Date.parse(iso);
/** Buckets as ISO pairs, for readable comparisons. */
const spans = (interval: TimelineInterval, from: string, to: string) =>
  timelineBuckets(interval, ms(from), ms(to)).map(({ start, end }) => [new Date(start).toISOString(), new Date(end).toISOString()]);

function rejects(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (error: unknown) => error instanceof DomainError && error.code === "BAD_USER_INPUT" && pattern.test(error.message));
}

describe("timeline buckets", () => {
  it("are whole UTC days, the first cut at `from` and the last at `to`", () => {
    assert.deepEqual(spans(TimelineInterval.DAY, "2024-02-28T18:00:00Z", "2024-03-01T06:00:00Z"), [
      ["2024-02-28T18:00:00.000Z", "2024-02-29T00:00:00.000Z"],
      ["2024-02-29T00:00:00.000Z", "2024-03-01T00:00:00.000Z"],
      ["2024-03-01T00:00:00.000Z", "2024-03-01T06:00:00.000Z"],
    ]);
  });

  it("end exactly at `to` when `to` is midnight, without an empty extra bucket", () => {
    assert.deepEqual(spans(TimelineInterval.DAY, "2024-03-01T00:00:00Z", "2024-03-03T00:00:00Z"), [
      ["2024-03-01T00:00:00.000Z", "2024-03-02T00:00:00.000Z"],
      ["2024-03-02T00:00:00.000Z", "2024-03-03T00:00:00.000Z"],
    ]);
  });

  it("start ISO weeks on Monday, also before 1970", () => {
    // 2025-06-25 is a Wednesday; 2025-06-30 and 2025-07-07 are Mondays.
    assert.deepEqual(spans(TimelineInterval.WEEK, "2025-06-25T00:00:00Z", "2025-07-08T00:00:00Z"), [
      ["2025-06-25T00:00:00.000Z", "2025-06-30T00:00:00.000Z"],
      ["2025-06-30T00:00:00.000Z", "2025-07-07T00:00:00.000Z"],
      ["2025-07-07T00:00:00.000Z", "2025-07-08T00:00:00.000Z"],
    ]);
    // 1970-01-01 was a Thursday: its week began on Monday 1969-12-29.
    assert.deepEqual(spans(TimelineInterval.WEEK, "1969-12-20T00:00:00Z", "1970-01-06T00:00:00Z"), [
      ["1969-12-20T00:00:00.000Z", "1969-12-22T00:00:00.000Z"],
      ["1969-12-22T00:00:00.000Z", "1969-12-29T00:00:00.000Z"],
      ["1969-12-29T00:00:00.000Z", "1970-01-05T00:00:00.000Z"],
      ["1970-01-05T00:00:00.000Z", "1970-01-06T00:00:00.000Z"],
    ]);
  });

  it("follow calendar months of every length across a year's end", () => {
    assert.deepEqual(spans(TimelineInterval.MONTH, "2023-12-15T00:00:00Z", "2024-03-01T00:00:00Z"), [
      ["2023-12-15T00:00:00.000Z", "2024-01-01T00:00:00.000Z"],
      ["2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"],
      ["2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"],
    ]);
    assert.deepEqual(spans(TimelineInterval.MONTH, "2024-02-29T23:59:59.999Z", "2024-03-01T00:00:00.001Z"), [
      ["2024-02-29T23:59:59.999Z", "2024-03-01T00:00:00.000Z"],
      ["2024-03-01T00:00:00.000Z", "2024-03-01T00:00:00.001Z"],
    ]);
  });

  it("are one bucket when the range lies inside one period", () => {
    assert.deepEqual(spans(TimelineInterval.MONTH, "2024-05-10T00:00:00Z", "2024-05-11T00:00:00Z"), [
      ["2024-05-10T00:00:00.000Z", "2024-05-11T00:00:00.000Z"],
    ]);
  });

  it("reject `from` at or after `to`", () => {
    rejects(() => timelineBuckets(TimelineInterval.DAY, ms("2024-01-02T00:00:00Z"), ms("2024-01-02T00:00:00Z")), /`from` must be before `to`/);
    rejects(() => timelineBuckets(TimelineInterval.DAY, ms("2024-01-03T00:00:00Z"), ms("2024-01-02T00:00:00Z")), /`from` must be before `to`/);
  });

  it(`allow at most ${MAX_TIMELINE_BUCKETS} buckets, naming the limit`, () => {
    const from = ms("2020-01-01T00:00:00Z");
    assert.equal(timelineBuckets(TimelineInterval.DAY, from, from + MAX_TIMELINE_BUCKETS * 86_400_000).length, MAX_TIMELINE_BUCKETS);
    rejects(() => timelineBuckets(TimelineInterval.DAY, from, from + MAX_TIMELINE_BUCKETS * 86_400_000 + 1), new RegExp(`at most ${MAX_TIMELINE_BUCKETS} buckets`));
    rejects(() => timelineBuckets(TimelineInterval.MONTH, ms("1900-01-01T00:00:00Z"), ms("2100-01-01T00:00:00Z")), /2400 of MONTH/);
  });
});
