// A drop-in for the PythonExecutor that hosts wrote around spawn("python3") (same
// constructor, methods and result), running scripts in pywarden instead: work_dir is the
// project root, the script path is resolved inside it by pywarden (no `..`, no absolute
// path outside it, no symlink out), and each run gets the policy's limits and kernel layers.
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { mkdtemp, open, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, normalize, relative } from "node:path";
import { findBinary } from "./binary";
import { Pywarden } from "./client";
import { PywardenError } from "./errors";
import { parseExact, type BigIntMode } from "./json";
import type { PolicyObject, RunResult } from "./types";

export interface PythonExecutorOptions {
  /** per-run deadline in ms (default 30000) */
  defaultTimeoutMs?: number;
  /** accepted for compatibility and ignored: pywarden embeds its own Python */
  pythonPath?: string;
  /** the pywarden binary (else PYWARDEN_BIN, else PATH) */
  binary?: string;
  /** the policy scripts run under; default: `default` with request_may_loosen, so a
   * timeoutMs above its 30 s works as it did (a policy without request_may_loosen answers
   * a longer timeoutMs with invalid_request) */
  policy?: string | PolicyObject;
  /** concurrent runs of the warm pool behind the executor */
  workers?: number;
  /** how integers beyond 2**53 arrive in output; default "number", as JSON.parse gave them
   * to the code this replaces (a BigInt would break JSON.stringify and arithmetic there) */
  bigint?: BigIntMode;
}

export interface PythonExecutionOptions {
  timeoutMs?: number;
  /** ignored (see PythonExecutorOptions.pythonPath) */
  pythonPath?: string;
  /** not supported: scripts get their inputs as JSON, not argv; a non-empty list fails */
  args?: string[];
}

export interface PythonExecutionResult {
  success: boolean;
  /** the script's JSON output: on success, and on failure when it printed one; typed as the
   * original typed it, but an array, a string or a number arrives as JSON.parse gave it */
  output?: Record<string, unknown>;
  error?: string;
  exitCode: number;
  stderr: string;
  executionTimeMs: number;
  /** pywarden's error type when success is false (not in the original API) */
  errorType?: string;
  /** pywarden's whole result object (not in the original API) */
  result?: RunResult;
}

const DEFAULT_TIMEOUT_MS = 30000;
// What the host reads of a script to tell its mode: the default policy's max_input_bytes (a
// longer script is pywarden's to refuse)
const SCRIPT_READ_MAX = 16 * 1024 * 1024;
const DEFAULT_POLICY = { extends: "default", request_may_loosen: true };

export class PythonExecutor {
  private readonly projectRoot: string;
  private readonly options: PythonExecutorOptions;
  private pool?: Promise<Pywarden>;
  private readonly calls = new Set<Promise<PythonExecutionResult>>();

  constructor(projectRoot: string, options: PythonExecutorOptions = {}) {
    if (!projectRoot || !isAbsolute(projectRoot))
      throw new Error("projectRoot must be an absolute path");
    this.projectRoot = projectRoot;
    this.options = options;
  }

  /** The warm pool, started on first use; it does not keep the host alive when idle. */
  private warden(): Promise<Pywarden> {
    if (!this.pool) {
      const pool: Promise<Pywarden> = Pywarden.start({
        binary: this.options.binary,
        policy: this.options.policy ?? DEFAULT_POLICY,
        workers: this.options.workers,
        bigint: this.options.bigint ?? "number",
        cwd: this.projectRoot,
      }).catch((e) => {
        if (this.pool === pool) this.pool = undefined; // the next call tries again
        throw e;
      });
      pool.catch(() => {}); // a call that fails before it runs does not await it
      this.pool = pool;
    }
    return this.pool;
  }

  async executeScript(
    scriptPath: string,
    inputs: object = {},
    options: PythonExecutionOptions = {},
  ): Promise<PythonExecutionResult> {
    // The call takes its pool now, not once its script is read: a close() meanwhile waits for
    // it (before, it started a pool of its own after close(), which nothing closed).
    const call = this.execute(this.warden(), scriptPath, inputs, options);
    this.calls.add(call);
    try {
      return await call;
    } finally {
      this.calls.delete(call);
    }
  }

  private async execute(
    pool: Promise<Pywarden>,
    scriptPath: string,
    inputs: object,
    options: PythonExecutionOptions,
  ): Promise<PythonExecutionResult> {
    const started = performance.now();
    const failed = (error: string, extra: Partial<PythonExecutionResult> = {}) => ({
      success: false,
      error,
      exitCode: 1,
      stderr: "",
      executionTimeMs: performance.now() - started,
      ...extra,
    });
    if (options.args?.length) return failed("args are not supported: pass the values in inputs");
    const asked = options.timeoutMs ?? this.options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    // an option, not the inputs: before, NaN was answered "Invalid inputs: NaN at timeout_ms"
    if (typeof asked !== "number" || !(asked === Infinity || Number.isFinite(asked)))
      return failed(`Invalid options: timeoutMs must be a number of milliseconds, not ${String(asked)}`, {
        errorType: "invalid_request",
      });
    // Infinity: no limit of the caller's, so the policy's timeout_ms bounds the run
    const timeoutMs = asked === Infinity ? undefined : asked;
    const root = await this.root();
    let script: { rel: string; source?: string };
    try {
      script = await this.readScript(root, scriptPath);
    } catch (e) {
      return failed((e as Error).message);
    }
    const mode = scriptMode(script.source);
    let warden: Pywarden;
    try {
      warden = await pool;
    } catch (e) {
      // start() throws TypeError for options it refuses (workers 0, NaN in a policy): the
      // executor's configuration, not the caller's inputs
      const why = e instanceof TypeError ? `the executor's options are invalid: ${e.message}` : (e as Error).message;
      return failed(`pywarden is not available: ${why}`);
    }
    let r: RunResult;
    try {
      r = await warden.run({
        script: script.rel,
        inputs,
        mode,
        workDir: root,
        timeoutMs,
        // as spawn's timer did, timeoutMs bounds the call, its wait for a free worker too
        deadlineMs: typeof timeoutMs === "number" && timeoutMs > 0 ? timeoutMs : undefined,
      });
    } catch (e) {
      // Only the client's own errors say the pool is gone; anything else was thrown while
      // the inputs were written (a TypeError for a cycle, NaN or a Map; a getter's or
      // toJSON's own error): dropping the pool for those left its serve running, unclosed.
      if (!(e instanceof PywardenError))
        return failed(`Invalid inputs: ${e instanceof Error ? e.message : String(e)}`, { errorType: "invalid_request" });
      // a pool whose serve could not be restarted stays so: the next call starts a new one
      if (this.pool === pool) this.pool = undefined;
      void pool.then((p) => p.close()).catch(() => {});
      return failed(`pywarden is not available: ${e.message}`);
    }
    // the deadline is the caller's timeoutMs: its answer names that
    if (!r.ok && r.error.type === "timeout" && r.error.message.startsWith("deadlineMs ("))
      r = { ...r, error: { ...r.error, message: `timeoutMs${r.error.message.slice("deadlineMs".length)}` } };
    // os._exit(N) after printing: pywarden has no result (it cannot tell such an exit from a
    // run hiding its refusals), but python3's host had the status and the printed line
    const exited = !r.ok && r.error.type === "crashed" ? r.error.exit_status : undefined;
    const printed = exited !== undefined && mode === "stdio" ? lastLine(r.stdout, this.options.bigint ?? "number") : undefined;
    const output = r.result === null ? printed : (r.result as Record<string, unknown>);
    // python3 prints an uncaught exception's traceback, or a syntax error's block, on stderr,
    // where the seeds' guide says to look; pywarden writes them there itself only in stdio mode.
    const block = r.ok || mode === "stdio" ? undefined : (traceback(r) ?? syntaxBlock(r, script));
    const stderr = block ? r.stderr + block : r.stderr;
    const base = { output, stderr, executionTimeMs: performance.now() - started, result: r };
    if (r.ok) return { success: true, exitCode: 0, ...base };
    const e = r.error;
    // the script's own status: it exited 0 having printed no JSON result (invalid_result)
    const exitCode =
      e.type === "exception" && e.exit_status !== undefined ? e.exit_status : e.type === "invalid_result" ? 0 : (exited ?? 1);
    return { success: false, error: describe(r, timeoutMs), errorType: e.type, exitCode, ...base };
  }

  /** The project root as pywarden takes a work_dir: its symbolic links resolved (spawn's cwd
   * followed them: a deploy's `current` link, macOS's /tmp), each call, as spawn did. */
  private async root(): Promise<string> {
    try {
      return await realpath(this.projectRoot);
    } catch {
      return this.projectRoot; // pywarden names what is wrong with it
    }
  }

  /** The script's path inside root, refusing what pywarden would refuse, and its source
   * where it is a regular file (for its mode). Anything else (a FIFO, a link to a device) is
   * not read: the host would wait on it or read it without end; pywarden refuses it. */
  private async readScript(root: string, scriptPath: string): Promise<{ rel: string; source?: string }> {
    const inside = (rel: string) =>
      isAbsolute(rel) || rel === "" || rel === ".." || rel.startsWith("../") ? undefined : rel;
    // an absolute path may name the root as given or as resolved
    const rel = isAbsolute(scriptPath)
      ? (inside(relative(this.projectRoot, scriptPath)) ?? inside(relative(root, scriptPath)))
      : inside(normalize(scriptPath));
    if (rel === undefined) throw new Error("Script path validation failed: Path is outside project root");
    let file;
    try {
      file = await open(join(root, rel), constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      if (["ENOENT", "ENOTDIR"].includes((e as NodeJS.ErrnoException).code!))
        throw new Error(`Script not found: ${scriptPath}`);
      return { rel };
    }
    try {
      const stat = await file.stat();
      if (!stat.isFile()) return { rel };
      const buffer = Buffer.alloc(Math.min(stat.size, SCRIPT_READ_MAX));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
      return { rel, source: buffer.toString("utf8", 0, bytesRead) };
    } finally {
      await file.close();
    }
  }

  /** true when the pywarden binary runs (it embeds Python; no python3 is needed). */
  async checkPythonAvailable(): Promise<boolean> {
    try {
      const out = await this.pywarden(["--version"]);
      return out.startsWith("pywarden ");
    } catch {
      return false;
    }
  }

  /** true when `pywarden check` finds the script compiles, has an entry (main, result or a
   * stdin/stdout program) and imports nothing its policy blocks. Nothing of it runs. */
  async validateScriptContract(scriptPath: string): Promise<boolean> {
    // check takes a policy name or file: an inline policy goes through a temporary file
    const policy = this.options.policy ?? DEFAULT_POLICY;
    const dir = typeof policy === "string" ? undefined : await mkdtemp(join(tmpdir(), "pywarden-"));
    try {
      const root = await this.root();
      const script = await this.readScript(root, scriptPath);
      const args = ["check", "--file", script.rel, "--work-dir", root];
      if (scriptMode(script.source) === "stdio") args.push("--mode", "stdio");
      if (dir) await writeFile(join(dir, "policy.json"), JSON.stringify(policy));
      args.push("--policy", dir ? join(dir, "policy.json") : (policy as string));
      return JSON.parse(await this.pywarden(args)).ok === true;
    } catch {
      return false;
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }

  /** Stops the warm pool once the calls made before it have ended (not in the original API;
   * an idle pool never holds the host). A later call starts a new one. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await Promise.allSettled([...this.calls]);
    if (pool) await (await pool.catch(() => undefined))?.close();
  }

  private pywarden(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const binary = findBinary(this.options.binary);
      // check exits 1 when it found problems: its JSON still says so. No cwd: check names
      // its --work-dir, and a project root not made yet must not make the binary "missing".
      execFile(binary, args, (err, stdout) =>
        stdout ? resolve(stdout) : reject(err ?? new Error("no output")),
      );
    });
  }
}

/** Scripts written as programs run as the program they are (stdio mode: exit status and
 * printed JSON as before): an `if __name__ == '__main__':` block, a top-level call of their
 * own main() (main mode would call it a second time, without the inputs), anything reading
 * stdin (`data = json.load(sys.stdin)` then `result = ...`: main mode's stdin is empty), or
 * neither a `main` nor a `result`. A script that only defines main(inputs) or assigns result
 * runs as such. */
function scriptMode(source: string | undefined): "main" | "stdio" {
  if (source === undefined) return "main"; // not a file pywarden runs: it says why
  const programBlock = /^if\s+__name__\s*==\s*['"]__main__['"]\s*:/m.test(source);
  const callsMain = /^(asyncio\.run\s*\(\s*)?main\s*\(/m.test(source);
  const readsStdin = /\bsys\.stdin\b|\binput\s*\(|\bopen\s*\(\s*0\s*[,)]|\/dev\/stdin|\bfileinput\b/.test(source);
  const entry = /^((async\s+)?def\s+main\s*\(|result\s*=)/m.test(source);
  return programBlock || callsMain || readsStdin || !entry ? "stdio" : "main";
}

/** The last non-empty line of stdout as JSON, as the original parsed a program's output. */
function lastLine(stdout: string, mode: BigIntMode): Record<string, unknown> | undefined {
  const line = stdout.split("\n").reverse().find((l) => l.trim());
  try {
    return line === undefined ? undefined : (parseExact(line, mode) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

function traceback(r: RunResult & { ok: false }): string | undefined {
  return "traceback" in r.error ? r.error.traceback : undefined;
}

/** python3's block for a script that does not compile (one caret: pywarden gives the
 * column, not the end of the span). */
function syntaxBlock(r: RunResult & { ok: false }, script: { rel: string; source?: string }): string | undefined {
  const e = r.error;
  if (e.type !== "syntax_error") return undefined;
  const what = `${e.exception ?? "SyntaxError"}: ${e.message.replace(/ \(line \d+, column \d+\).*$/s, "")}\n`;
  const text = e.line > 0 ? script.source?.split(/\r\n|\r|\n/)[e.line - 1] : undefined;
  if (text === undefined) return `  File "${script.rel}", line ${e.line}\n${what}`;
  // python3 strips spaces, tabs and form feeds before the line, nothing after it
  const shown = text.replace(/^[ \t\f]+/, "");
  // and prints no caret left of the text it shows (an unexpected indent's)
  const at = Math.min(e.column - 1 - (text.length - shown.length), shown.length);
  const caret = at >= 0 ? `    ${" ".repeat(at)}^\n` : "";
  return `  File "${script.rel}", line ${e.line}\n    ${shown}\n${caret}${what}`;
}

/** The original executor's messages where it had one; pywarden's otherwise. */
function describe(r: RunResult & { ok: false }, timeoutMs: number | undefined): string {
  const e = r.error;
  switch (e.type) {
    case "timeout":
      return `Script execution timed out after ${e.timeout_ms ?? timeoutMs}ms`;
    case "crashed":
      return e.exit_status ? `Script exited with code ${e.exit_status}` : `${e.type}: ${e.message}`;
    case "exception":
      return e.exit_status !== undefined
        ? `Script exited with code ${e.exit_status}`
        : e.message; /* "KeyError: 'x'": the class is in it already */
    case "invalid_request":
      return e.field === "script" ? `Script path validation failed: ${e.message}` : e.message;
    case "invalid_result":
      return `Invalid JSON output from script: ${e.message}`;
    default:
      return `${e.type}: ${e.message}`;
  }
}
