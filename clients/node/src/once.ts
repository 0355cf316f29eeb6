// runOnce: one `pywarden run` process for one request (cold: ~10 ms, no pool to close).
import { spawn } from "node:child_process";
import { AbortWatch } from "./abort";
import { findBinary } from "./binary";
import { PywardenServerError } from "./errors";
import { parseExact, type BigIntMode } from "./json";
import { missingDirectory } from "./binary";
import { checkBigInt, checkEnv, checkSignal } from "./options";
import { cancelledResult, deadlineResult, hostFailure, wantsDeadline, wireRequest } from "./request";
import type { JsonValue, RunRequest, RunResult } from "./types";

export interface RunOnceOptions {
  binary?: string;
  /** variables added to the environment of `pywarden run`; undefined unsets one */
  env?: Record<string, string | undefined>;
  cwd?: string;
  bigint?: BigIntMode;
}

const aborts = new AbortWatch<() => void>();

/** Runs one request in a fresh `pywarden run` process; same result type as Pywarden.run.
 * `signal` and `deadlineMs` kill the process (and so the run, which dies with it). Rejects
 * with PywardenNotFoundError when there is no binary, PywardenServerError when it printed
 * no result. */
export function runOnce<T = JsonValue>(req: RunRequest, opts: RunOnceOptions = {}): Promise<RunResult<T>> {
  return new Promise((resolve, reject) => {
    // every check that can throw comes before the process: a throw after it left it running
    checkBigInt(opts.bigint);
    checkEnv(opts.env);
    checkSignal(req.signal);
    const binary = findBinary(opts.binary, { ...process.env, ...opts.env });
    const input = wireRequest(req);
    if (req.signal?.aborted) return resolve(cancelledResult("cold") as RunResult<T>);
    const timed = wantsDeadline(req.deadlineMs);
    if (timed && req.deadlineMs === 0) return resolve(deadlineResult(0, false, "cold") as RunResult<T>);
    const missing = missingDirectory(opts.cwd);
    if (missing) return reject(missing);
    const child = spawn(binary, ["run"], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let ended: RunResult | undefined; // set when the caller's signal or deadline ended it
    const stop = (r: RunResult) => {
      ended ??= r;
      child.kill("SIGKILL");
    };
    // the process is running: the run may have started (its output goes with the process)
    const onAbort = () =>
      stop(hostFailure({ type: "cancelled", message: "cancelled by the caller; the run was killed" }, "cold"));
    try {
      if (req.signal) aborts.add(req.signal, onAbort, (f) => f());
    } catch (e) {
      // a signal-like object's own throw: the process must not outlive the call
      child.on("error", () => {}).kill("SIGKILL");
      return reject(e);
    }
    const timer = timed ? setTimeout(() => stop(deadlineResult(req.deadlineMs!, true, "cold")), req.deadlineMs) : undefined;
    const done = (fail?: Error) => {
      clearTimeout(timer);
      if (req.signal) aborts.remove(req.signal, onAbort);
      if (ended) return resolve(ended as RunResult<T>);
      if (fail) return reject(fail);
      try {
        resolve(parseExact(out, opts.bigint ?? "bigint") as RunResult<T>);
      } catch {
        reject(new PywardenServerError("pywarden run printed no result", err));
      }
    };
    child.on("error", (e) => done(new PywardenServerError(`cannot run ${binary}: ${e.message}`, err)));
    // out of fds (EMFILE, ENFILE), Node made no pipes: its 'error' event, next tick, says so
    if (!child.stdin) return;
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err = (err + c).slice(-8192)));
    child.stdin.on("error", () => {}); // the process may exit before reading it all
    child.stdin.end(input);
    child.on("close", (code, signal) => {
      if (code === 0 || code === 1 || ended) return done();
      if (signal)
        return resolve(
          hostFailure({ type: "internal", message: `pywarden run was killed by ${signal}` }, "cold") as RunResult<T>,
        );
      done(new PywardenServerError(`pywarden run exited with status ${code}`, err));
    });
  });
}
