// Node hosts: the seeds' way (spawn python3 per call, JSON over stdin/stdout, as
// python-shell and the seeds' PythonExecutor do) against pywarden's Node client, warm
// (pw.run through one `pywarden serve`) and cold (runOnce, one `pywarden run` per call),
// in the same run, on the same script (the seeds' hello.py). Not a test: prints figures.
//
//   (cd clients/node && npm ci && npm run build) && PYWARDEN_BIN=build/pywarden node bench/bench_node.mjs [N]
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pywarden, runOnce } from "../clients/node/esm/index.mjs";

const N = Number(process.argv[2] ?? 200);
const PROJECT = fileURLToPath(new URL("../clients/node/test/fixtures/seed-project", import.meta.url));
const SCRIPT = "scripts/hello.py";
const PYTHON = process.env.PYTHON ?? "/usr/bin/python3";
const inputs = { name: "bench" };
const want = "Hello, bench!";

/** The seeds' executor, reduced to its work: spawn, write JSON, read JSON. */
function spawnPython() {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT], { cwd: PROJECT, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (c) => (out += c));
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}`))));
    child.stdin.end(JSON.stringify(inputs));
  });
}

async function time(label, n, call, check) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = await call();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (check(r) !== want) throw new Error(`${label}: unexpected answer ${JSON.stringify(r)}`);
  }
  ms.sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  const s = { label, p50: q(0.5), p99: q(0.99) };
  console.log(`${label.padEnd(48)} p50 ${s.p50.toFixed(2).padStart(7)} ms   p99 ${s.p99.toFixed(2).padStart(7)} ms   (n=${n})`);
  return s;
}

const request = { script: SCRIPT, inputs, mode: "stdio", workDir: PROJECT };
const pw = await Pywarden.start({ workers: 2, cwd: PROJECT });
for (let i = 0; i < 20; i++) await pw.run(request); // spares and caches warm
await spawnPython();

const seeds = await time(`A: spawn ${PYTHON} per call (the seeds' way)`, N, spawnPython, (r) => r.message);
const warm = await time("B: pw.run, warm (pywarden serve)", N, () => pw.run(request), (r) => r.result?.message);
const cold = await time("C: runOnce, cold (pywarden run)", Math.max(10, N >> 2), () => runOnce(request), (r) => r.result?.message);
await pw.close();

const x = (a, b) => `${(a / b).toFixed(1)}×`;
console.log(`\nA / B p50: ${x(seeds.p50, warm.p50)} (goal ≥ 15×)   A / C p50: ${x(seeds.p50, cold.p50)}   C / B p50: ${x(cold.p50, warm.p50)}`);
console.log(`A / B p99: ${x(seeds.p99, warm.p99)}`);
