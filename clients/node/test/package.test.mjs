// The package as a host installs it: `npm pack`, then the tarball installed into a fresh
// project and loaded through every entry point its exports map names.
import test from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));

function run(file, args, cwd) {
  return new Promise((resolve, reject) =>
    execFile(file, args, { cwd, timeout: 120000 }, (err, stdout, stderr) =>
      err ? reject(Object.assign(err, { stdout, stderr })) : resolve(stdout),
    ),
  );
}

test("the packed tarball installs and loads as ESM and CommonJS, with its README", { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "pywarden-pack-"));
  try {
    // dist/ is built already (npm run build); --ignore-scripts keeps pack from rebuilding it
    const [packed] = JSON.parse(await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], PACKAGE));
    const files = packed.files.map((f) => f.path).sort();
    assert.ok(files.includes("README.md"), files.join(" ")); // before, npm showed no README
    assert.ok(files.includes("LICENSE"), files.join(" ")); // package.json says MIT: its text
    assert.deepEqual(files.filter((f) => !/^(dist\/[a-z]+\.(js|d\.ts)|esm\/[a-z]+\.mjs|package\.json|README\.md|LICENSE)$/.test(f)), []);
    const app = join(dir, "app");
    await run("mkdir", [app]);
    writeFileSync(join(app, "package.json"), '{"name": "app", "private": true}');
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", join(dir, packed.filename)], app);
    const out = await run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { createRequire } from "node:module";
         import { Pywarden, PywardenError } from "pywarden";
         import { PythonExecutor } from "pywarden/compat";
         const require = createRequire(process.cwd() + "/");
         const cjs = require("pywarden"), compat = require("pywarden/compat");
         console.log(cjs.Pywarden === Pywarden, compat.PythonExecutor === PythonExecutor,
           typeof PywardenError, require("pywarden/package.json").version);`,
      ],
      app,
    );
    assert.equal(out, `true true function ${packed.version}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
