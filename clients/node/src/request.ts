// Turning a RunRequest into pywarden's wire request, and results the client makes itself.
import { stringifyExact } from "./json";
import type { RunFailure, RunRequest } from "./types";

const WIRE_NAMES: Record<string, string> = {
  timeoutMs: "timeout_ms",
  workDir: "work_dir",
  resultEncoding: "result_encoding",
};
const CLIENT_ONLY = new Set(["signal", "deadlineMs"]);

/** The request object as pywarden reads it, plus extra members (e.g. the id). Keys this
 * client does not know are sent as they are, so pywarden answers invalid_request naming
 * them instead of the client ignoring a misspelling. */
export function wireRequest(req: RunRequest, extra: Record<string, unknown> = {}): string {
  if (req === null || typeof req !== "object") throw new TypeError("a request must be an object");
  // serve matches answers by id: a caller's own id would break that
  if ("id" in req) throw new TypeError('"id" is not a request key (the client numbers calls itself)');
  const wire: Record<string, unknown> = { ...extra };
  for (const [k, v] of Object.entries(req)) {
    if (CLIENT_ONLY.has(k) || v === undefined) continue;
    wire[WIRE_NAMES[k] ?? k] = v;
  }
  return stringifyExact(wire);
}

/** A failed result built on the host side (cancelled before it was sent, deadline passed
 * in the queue, server exited), shaped exactly like pywarden's own. */
export function hostFailure(error: RunFailure["error"], mode: "cold" | "warm" = "warm"): RunFailure {
  return {
    ok: false,
    result: null,
    stdout: "",
    stderr: "",
    truncated: { stdout: false, stderr: false },
    error,
    stats: { wall_ms: 0, cpu_ms: 0, max_rss_kb: 0, mode, layers: [] },
    violations: [],
  };
}

export function cancelledResult(mode: "cold" | "warm" = "warm"): RunFailure {
  return hostFailure({ type: "cancelled", message: "cancelled by the caller before it started" }, mode);
}

// Node runs a timer of more than 2**31 - 1 ms after 1 ms: longer deadlines (Infinity among
// them) are none.
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Whether deadlineMs asks for a timer. Throws TypeError for what is not a number of
 * milliseconds (NaN, negative). */
export function wantsDeadline(deadlineMs: number | undefined): boolean {
  if (deadlineMs === undefined) return false;
  if (typeof deadlineMs !== "number" || Number.isNaN(deadlineMs) || deadlineMs < 0)
    throw new TypeError(`deadlineMs must be a number of milliseconds >= 0, not ${String(deadlineMs)}`);
  return deadlineMs <= LONGEST_TIMER_MS;
}

export function deadlineResult(deadlineMs: number, started: boolean, mode: "cold" | "warm" = "warm"): RunFailure {
  return hostFailure(deadlineError(deadlineMs, started), mode);
}

/** The error of a call whose deadlineMs passed. */
export function deadlineError(deadlineMs: number, started: boolean): RunFailure["error"] {
  return {
    type: "timeout",
    message: `deadlineMs (${deadlineMs} ms) passed ${started ? "during the run" : "before the run started"}`,
    timeout_ms: deadlineMs,
  };
}
