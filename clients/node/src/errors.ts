// Error classes. A run that ends with ok: false is an answer, not an error: these are for
// hosts that ask to throw (runOrThrow) and for failures of the host side itself.
import type { RunError, RunFailure } from "./types";

/** Base of every error this package throws; `code` is stable, the message is for people. */
export class PywardenError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The pywarden binary was not found; `searched` lists where, in order. */
export class PywardenNotFoundError extends PywardenError {
  readonly searched: string[];
  constructor(searched: string[]) {
    super(
      "PYWARDEN_NOT_FOUND",
      `pywarden binary not found; looked in: ${searched.join(", ")} ` +
        "(pass { binary }, set PYWARDEN_BIN, or put pywarden on PATH)",
    );
    this.searched = searched;
  }
}

/** `pywarden serve` (or `pywarden run`) could not start, or died and could not be
 * restarted. `stderr` holds the end of what it printed. */
export class PywardenServerError extends PywardenError {
  readonly stderr: string;
  constructor(message: string, stderr = "", options?: { cause?: unknown }) {
    super("PYWARDEN_SERVER", stderr ? `${message}: ${stderr.trim()}` : message, options);
    this.stderr = stderr;
  }
}

/** The Pywarden instance was closed or killed before the call was made. */
export class PywardenClosedError extends PywardenError {
  constructor() {
    super("PYWARDEN_CLOSED", "this Pywarden instance is closed");
  }
}

/** A run that ended with ok: false, thrown by runOrThrow. */
export class PywardenRunError extends PywardenError {
  readonly type: RunError["type"];
  readonly traceback?: string;
  readonly line?: number;
  readonly error: RunError;
  readonly result: RunFailure;
  constructor(result: RunFailure) {
    const e = result.error;
    super(`PYWARDEN_RUN`, `${e.type}: ${e.message}`);
    this.type = e.type;
    this.error = e;
    this.result = result;
    if ("traceback" in e) this.traceback = e.traceback;
    if ("line" in e) this.line = e.line;
  }
}
