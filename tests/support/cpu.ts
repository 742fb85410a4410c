import { execFileSync } from "node:child_process";
import fs from "node:fs";

/** Clock ticks per second, the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** What the benchmarks read of a local process (or one of its threads) from /proc. */
export interface ProcessStat {
  command: string;
  parent: number;
  /** User + system CPU milliseconds so far. */
  cpuMs: number;
}

/** A process's (or thread's) command, parent and CPU time, or null when it cannot be read (no /proc, gone). */
export function processStat(pid: number, thread?: number): ProcessStat | null {
  try {
    const stat = fs.readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) in parentheses, from the 3rd (state):
    // the parent is the 4th, utime and stime the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      command: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
      parent: Number(fields[1]),
      cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS,
    };
  } catch {
    return null;
  }
}

/** Every process on this machine, as pids; empty where there is no /proc. */
export function processIds(): number[] {
  if (!fs.existsSync("/proc/self/stat")) return [];
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}
