// Checks of the options of start() and runOnce(), before any process: a bad one is the
// caller's mistake, said as a TypeError naming it (serve would answer with its whole --help,
// spawn with its own wording, and a typo of a mode would pass unseen).
import type { BigIntMode } from "./json";
import type { AbortSignalLike } from "./types";

const MODES: readonly string[] = ["bigint", "string", "number"];

export function checkBigInt(mode: BigIntMode | undefined): void {
  if (mode !== undefined && !MODES.includes(mode))
    throw new TypeError(`bigint must be "bigint", "string" or "number", not ${JSON.stringify(mode)}`);
}

/** An integer option within [min, max], as serve's own flags take them. */
export function checkInteger(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max))
    throw new TypeError(`${name} must be an integer from ${min} to ${max}, not ${String(value)}`);
}

/** Values must be strings (undefined unsets one) holding no U+0000, names no "=" either:
 * the process could not be given them. */
export function checkEnv(env: Record<string, string | undefined> | undefined): void {
  if (env === undefined) return;
  if (env === null || typeof env !== "object") throw new TypeError("env must be an object of strings");
  for (const [k, v] of Object.entries(env)) {
    if (k === "" || k.includes("=") || k.includes("\0"))
      throw new TypeError(`env: ${JSON.stringify(k)} is not a variable name`);
    if (v !== undefined && (typeof v !== "string" || v.includes("\0")))
      throw new TypeError(`env.${k} must be a string without U+0000, not ${JSON.stringify(String(v))}`);
  }
}

/** A common slip is passing the AbortController itself. */
export function checkSignal(signal: AbortSignalLike | undefined): void {
  if (signal === undefined) return;
  const s = signal as unknown as Record<string, unknown> | null;
  if (s === null || typeof s !== "object" || typeof s.addEventListener !== "function" || typeof s.removeEventListener !== "function")
    throw new TypeError(
      `signal must be an AbortSignal${s !== null && typeof s === "object" && "signal" in s ? " (pass controller.signal, not the controller)" : ""}`,
    );
}
