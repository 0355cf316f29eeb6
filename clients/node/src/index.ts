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
export type * from "./types";
