// pywarden for Node.js: run Python code safely through the pywarden binary.
export { Pywarden, type StartOptions } from "./client";
export { runOnce, type RunOnceOptions } from "./once";
export { findBinary } from "./binary";
export { JsonNumber, parseExact, stringifyExact, type BigIntMode } from "./json";
export {
  PywardenError,
  PywardenNotFoundError,
  PywardenServerError,
  PywardenClosedError,
  PywardenRunError,
} from "./errors";
// Named, not `export type *` (TypeScript 5.0): hosts on TypeScript 4.5+ check these typings.
export type {
  AbortSignalLike,
  JsonValue,
  PolicyObject,
  RunRequest,
  ErrorType,
  RunError,
  Stats,
  Violation,
  RunSuccess,
  RunFailure,
  RunResult,
} from "./types";
