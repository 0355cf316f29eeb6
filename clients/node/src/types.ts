// The request and result contract of README "Request and result", as TypeScript types.

/** A JSON value as the exact reader returns it (see BigIntMode). */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | import("./json").JsonNumber
  | JsonValue[]
  | { [key: string]: JsonValue };

/** An inline policy object (README "Policy reference"); checked by pywarden. */
export type PolicyObject = { [key: string]: unknown };

/** What the client uses of an AbortSignal, named by its shape: Node's, the DOM's and a
 * polyfill's fit, and the typings need neither @types/node nor the DOM lib. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** One run. Exactly one of `code` and `script`. */
export interface RunRequest {
  code?: string;
  /** a path inside `workDir` (no `..`, no absolute path, no symlink leaving it) */
  script?: string;
  /** a JSON object; typed `object` so that values typed by an interface are taken (an
   * interface has no index signature); an array is answered invalid_request */
  inputs?: object;
  /** a policy name, a path to a policy file, or an inline policy object */
  policy?: string | PolicyObject;
  /** bounds the run itself (sent as `timeout_ms`); at most the policy's */
  timeoutMs?: number;
  entry?: string;
  mode?: "main" | "body" | "stdio";
  workDir?: string;
  /** sent as `result_encoding`: "lenient" converts dates, decimals, sets, bytes, ...
   * (README "Result encoding") */
  resultEncoding?: "strict" | "lenient";
  /** aborting it cancels the call: answered with error type "cancelled" */
  signal?: AbortSignalLike;
  /** bounds queue wait + run, counted from the call: answered with error type "timeout" */
  deadlineMs?: number;
}

export type ErrorType =
  | "timeout"
  | "memory_limit"
  | "cpu_limit"
  | "output_limit"
  | "policy_violation"
  | "exception"
  | "syntax_error"
  | "invalid_request"
  | "invalid_result"
  | "crashed"
  | "internal"
  | "cancelled";

interface ErrorBase<T extends ErrorType> {
  type: T;
  message: string;
}

/** `error` of a failed run: a union discriminated by `type`. */
export type RunError =
  | (ErrorBase<"timeout"> & { timeout_ms: number })
  | (ErrorBase<"memory_limit"> & {
      limit_mb: number;
      /** a MemoryError's class, and where (absent when the run was killed at the limit) */
      exception?: string;
      traceback?: string;
      line?: number;
    })
  | (ErrorBase<"cpu_limit"> & { limit_s: number })
  | (ErrorBase<"output_limit"> & { stream: "result" })
  | (ErrorBase<"policy_violation"> & { event: string; detail: string; line?: number; traceback?: string })
  | (ErrorBase<"exception"> & {
      exception: string;
      /** absent where nothing was raised: a stdio script's sys.exit(status) */
      traceback?: string;
      line?: number;
      /** stdio mode: the program's non-zero exit status */
      exit_status?: number;
      /** a ModuleNotFoundError's module */
      module?: string;
    })
  | (ErrorBase<"syntax_error"> & {
      line: number;
      column: number;
      /** the class python3's last line names: SyntaxError, IndentationError or TabError */
      exception?: string;
      /** stdio mode: 1, as python3 exits (its SyntaxError block is on stderr) */
      exit_status?: number;
    })
  | (ErrorBase<"invalid_request"> & { field?: string; file?: string })
  | (ErrorBase<"invalid_result"> & { path: string; python_type: string })
  | (ErrorBase<"crashed"> & { signal?: number; exit_status?: number })
  | ErrorBase<"internal">
  | ErrorBase<"cancelled">;

export interface Stats {
  wall_ms: number;
  cpu_ms: number;
  max_rss_kb: number;
  /** "none" for a request refused before any run */
  mode: "cold" | "warm" | "none";
  layers: string[];
}

export interface Violation {
  event: string;
  detail: string;
  /** "user": the user's code was refused; "library": library code handled it at an import */
  origin: "user" | "library";
  /** the user's innermost line, absent when no user frame was running */
  line?: number;
}

interface ResultBase {
  stdout: string;
  stderr: string;
  truncated: { stdout: boolean; stderr: boolean };
  stats: Stats;
  violations: Violation[];
}

export interface RunSuccess<T = JsonValue> extends ResultBase {
  ok: true;
  result: T;
  error: null;
}

export interface RunFailure extends ResultBase {
  ok: false;
  /** null, except in stdio mode where a failing program's last line is kept */
  result: JsonValue;
  error: RunError;
}

/** What every run resolves to: an answer, good or bad, never a rejection. */
export type RunResult<T = JsonValue> = RunSuccess<T> | RunFailure;
