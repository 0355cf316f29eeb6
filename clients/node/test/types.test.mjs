// The bundled typings as a TypeScript host uses them: `tsc --strict` over a file that
// imports the package and its compat entry, under the module settings hosts have.
import test from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");
// The last TypeScript before 5.0 (a devDependency under another name): hosts that have not
// moved on still check the typings (`export type *` needed 5.0: TS1383).
const TSC_4_9 = createRequire(import.meta.url).resolve("typescript-4.9/bin/tsc");

// Inputs typed by an interface (what TypeScript code has), the compat entry by its subpath.
const HOST = `
import { Pywarden, runOnce, type RunResult } from "pywarden";
import { PythonExecutor } from "pywarden/compat";
interface Order { id: number; total: number }
interface Inputs { orders: Order[]; region: string }
const inputs: Inputs = { orders: [{ id: 1, total: 2 }], region: "eu" };
export async function run(pw: Pywarden): Promise<RunResult<number>> {
  await runOnce({ code: "result = 1", inputs, signal: AbortSignal.timeout(1000) });
  return pw.run<number>({ code: "def main(inputs): return len(inputs['orders'])", inputs, signal: new AbortController().signal });
}
export const executed = new PythonExecutor("/srv/app").executeScript("s.py", inputs);
// env values straight from process.env are string | undefined (undefined: not set)
const env = { PYWARDEN_POLICY_DIR: process.env.POLICY_DIR };
export const started = Pywarden.start({ env }).then(() => runOnce({ code: "result = 1" }, { env }));
`;

function tsc(dir, compilerOptions, compiler = TSC, types = ["node"]) {
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types, ...compilerOptions }, files: ["host.ts"] }));
  return new Promise((resolve) =>
    execFile(process.execPath, [compiler, "-p", dir], { timeout: 120000 }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, out: stdout + stderr })),
  );
}

const COMMONJS = { module: "commonjs", target: "ES2022", lib: ["ES2022", "DOM"] }; // tsc's default resolution there: node10
const NODE16 = { module: "node16", moduleResolution: "node16", target: "ES2022", lib: ["ES2022", "DOM"] };
const BUNDLER = { module: "esnext", moduleResolution: "bundler", target: "ES2022", lib: ["ES2022", "DOM"] };

// A host project with the package (and @types/node, which hosts without it do not load) in
// its node_modules, checked by compiler under each of the options.
async function checkHost(compiler, optionSets, host = HOST, types = ["node"]) {
  const dir = mkdtempSync("/tmp/pywarden-types-");
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(PACKAGE, join(dir, "node_modules", "pywarden"), "dir");
    symlinkSync(join(PACKAGE, "node_modules", "@types"), join(dir, "node_modules", "@types"), "dir");
    writeFileSync(join(dir, "host.ts"), host);
    for (const options of optionSets) {
      const { code, out } = await tsc(dir, options, compiler, types);
      assert.equal(code, 0, `${JSON.stringify(options)}:\n${out}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("tsc --strict accepts a host under commonjs (node10), node16 and bundler resolution", () =>
  checkHost(TSC, [COMMONJS, NODE16, BUNDLER]));

test("TypeScript 4.9 accepts the typings too (commonjs, node16; bundler came in 5.0)", () =>
  checkHost(TSC_4_9, [COMMONJS, NODE16]));

// A host without @types/node (a worker bundle, an app keeping Node's globals out): before, the
// typings named NodeJS.ProcessEnv and AbortSignal, so tsc failed on the package itself
// (TS2503 "Cannot find namespace 'NodeJS'", TS2304 "Cannot find name 'AbortSignal'").
const BARE_HOST = `
import { Pywarden, runOnce, findBinary, type AbortSignalLike, type RunResult } from "pywarden";
import { PythonExecutor } from "pywarden/compat";
declare const signal: AbortSignalLike;
export async function run(pw: Pywarden): Promise<RunResult<number>> {
  await runOnce({ code: "result = 1", signal }, { env: { PYWARDEN_POLICY_DIR: undefined } });
  return pw.run<number>({ code: "result = 1", deadlineMs: 100 });
}
export const bin: string = findBinary(undefined, { PATH: "/usr/bin" });
export const executed = new PythonExecutor("/srv/app").executeScript("s.py", { n: 1 });
`;
// with the DOM lib, the DOM's AbortSignal fits where the client takes one
const DOM_HOST = `${BARE_HOST}
export const dom = runOnce({ code: "result = 1", signal: new AbortController().signal });
`;

test("tsc --strict accepts a host without @types/node (with and without the DOM lib)", async () => {
  const bare = { ...NODE16, lib: ["ES2022"] };
  await checkHost(TSC, [bare, { ...COMMONJS, lib: ["ES2022"] }], BARE_HOST, []);
  await checkHost(TSC, [NODE16, BUNDLER], DOM_HOST, []);
  await checkHost(TSC_4_9, [bare], BARE_HOST, []);
});
