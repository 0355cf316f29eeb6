// Shared by the tests: the binary under test and process bookkeeping from /proc.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { execFileSync } from "node:child_process";

/** PYWARDEN_BIN (tests/run.sh sets it to build-test/pywarden), else the dev build. */
export const BIN = process.env.PYWARDEN_BIN
  ? resolve(process.env.PYWARDEN_BIN)
  : fileURLToPath(new URL("../../../build/pywarden", import.meta.url));

/** A warm pool's nursery, which only forks launchers (src/warm/zygote.h). */
function isNursery(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "pw-nursery";
  } catch {
    return false;
  }
}

/** Children of pid but a pool's nursery. */
export function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number)
      .filter((c) => !isNursery(c));
  } catch {
    return [];
  }
}

export function descendants(pid) {
  return childrenOf(pid).flatMap((c) => [c, ...descendants(c)]);
}

/** Waits until check() is true (polling every 10 ms), up to ms; returns its last value. */
export async function eventually(check, ms = 5000) {
  const end = Date.now() + ms;
  let v;
  while (!(v = check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return v;
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pywarden serve --help` lists a flag (for options colleagues add to serve). */
export function serveHasFlag(flag) {
  return execFileSync(BIN, ["serve", "--help"], { encoding: "utf8" }).includes(flag);
}

/** Waits until serve has handed a run over: its template forks the slot's next spare right
 * after, so a process that was not among `before` appears under serve. */
export async function handedOver(servePid, before) {
  const old = new Set(before);
  return eventually(() => descendants(servePid).some((p) => !old.has(p)), 30000);
}
