// A realistic Node host under faults (see README, "Reliability"): an HTTP server turning each
// request into a pywarden call, 50 concurrent clients (8 % of them hang up early: an
// AbortSignal cancels the call), deadlines and timeouts, and serve SIGKILLed or stopped for
// 1.5 s under it every FAULT_MS (1500; NOFAULT=1: none; TREE=1: a random process of serve's
// tree instead, the launcher, a template, a spare or run, or serve). Checks every call settles
// with a documented result, no unhandled rejection, no process of the binary left after
// close(), nothing left in serve's TMPDIR or /dev/shm, Node's fds back to where they were, and
// prints serve's and Node's RSS and fds after 1000 calls and at the end.
// usage: [N=2000] [PYWARDEN_BIN=build/pywarden] node [--expose-gc] tests/stress/node_host.mjs
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
const HERE = path.dirname(fileURLToPath(import.meta.url));
const { Pywarden } = await import(path.join(HERE, "../../clients/node/esm/index.mjs"));

// a copy of its own: its path tells this host's processes from any other pywarden's
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "pywarden-node-host-"));
const BIN = path.join(TMP, "pywarden-under-test");
fs.copyFileSync(process.env.PYWARDEN_BIN ?? path.join(HERE, "../../build/pywarden"), BIN);
fs.chmodSync(BIN, 0o755);
process.env.PYWARDEN_POLICY_DIR ??= path.join(HERE, "../../policy");
const N = Number(process.env.N ?? 2000);
const CONC = 50;
const DOC = new Set(["timeout", "memory_limit", "cpu_limit", "output_limit", "policy_violation", "exception",
  "syntax_error", "invalid_request", "invalid_result", "crashed", "internal", "cancelled"]);
const unhandled = [];
process.on("unhandledRejection", (e) => unhandled.push(String(e)));
process.on("uncaughtException", (e) => { unhandled.push("uncaught " + e.stack); });

const ours = () => fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)).filter((p) => {
  try { return fs.readlinkSync(`/proc/${p}/exe`).startsWith(BIN); } catch { return false; }
});
const fds = () => fs.readdirSync("/proc/self/fd").length;
const rss = () => Number(fs.readFileSync("/proc/self/status", "utf8").match(/VmRSS:\s+(\d+)/)[1]);

const SERVE_TMP = path.join(TMP, "tmp");
fs.mkdirSync(SERVE_TMP);
const shm0 = new Set(fs.readdirSync("/dev/shm"));
const pw = await Pywarden.start({ binary: BIN, env: { TMPDIR: SERVE_TMP }, workers: 2, allowPolicies: ["strict"], restart: { retries: 50, maxDelayMs: 500 } });
const CODES = [
  ["ok", { code: "def main(inputs):\n    return inputs['n'] * 2", inputs: { n: 21 } }],
  ["sleep", { code: "import time\ntime.sleep(0.3)\nresult = 1" }],
  ["exc", { code: "raise ValueError('x')" }],
  ["tmo", { code: "while True: pass", timeoutMs: 100 }],
  ["viol", { code: "open('/etc/passwd').read()" }],
  ["long", { code: "import time\ntime.sleep(5)\nresult = 1", deadlineMs: 300 }],
  ["strict", { code: "import math\nresult = math.pi", policy: "strict" }],
  ["big", { code: "result = inputs", inputs: { s: "x".repeat(200000) } }],
];
const stats = { started: 0, settled: 0, types: {}, rejected: {}, undocumented: [] };
const server = http.createServer(async (req, res) => {
  const ac = new AbortController();
  res.on("close", () => { if (!res.writableFinished) ac.abort(); });
  const [kind, r] = CODES[Number(new URL(req.url, "http://x").searchParams.get("k"))];
  stats.started++;
  try {
    const out = await pw.run({ ...r, signal: ac.signal });
    const t = out.ok ? "ok" : out.error.type;
    if (!out.ok && !DOC.has(t)) stats.undocumented.push(out.error);
    stats.types[`${kind}:${t}`] = (stats.types[`${kind}:${t}`] ?? 0) + 1;
    res.end(JSON.stringify({ t }));
  } catch (e) {
    stats.rejected[`${kind}:${e.code ?? e.name}`] = (stats.rejected[`${kind}:${e.code ?? e.name}`] ?? 0) + 1;
    res.statusCode = 500;
    res.end();
  } finally {
    stats.settled++;
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const port = server.address().port;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });

function one() {
  return new Promise((resolve) => {
    const k = Math.floor(Math.random() * CODES.length);
    const rq = http.get({ host: "127.0.0.1", port, path: `/?k=${k}`, agent }, (res) => {
      res.resume();
      res.on("end", resolve);
      res.on("error", resolve);
    });
    rq.on("error", resolve);
    if (Math.random() < 0.08) setTimeout(() => rq.destroy(), Math.random() * 400); // client gives up
  });
}

// serve's tree, depth first: [pid, depth] (1: the launcher, 2: templates, 3: spares and runs)
function tree(root) {
  const kids = new Map();
  for (const p of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const s = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const ppid = Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(p)]);
    } catch {}
  }
  const out = [], stack = [[root, 0]];
  while (stack.length) {
    const [pid, d] = stack.pop();
    for (const k of kids.get(pid) ?? []) { out.push([k, d + 1]); stack.push([k, d + 1]); }
  }
  return out;
}
const ROLE = ["serve", "launcher", "template", "spare/run"];

let faults = [];
const injector = setInterval(() => {
  let pid = pw.pid;
  if (!pid || Math.random() > 0.3) return;
  if (process.env.TREE) {
    const all = [[pid, 0], ...tree(pid)];
    const [p, d] = all[Math.floor(Math.random() * all.length)];
    faults.push(`KILL ${ROLE[Math.min(d, 3)]}`);
    try { process.kill(p, "SIGKILL"); } catch {}
    return;
  }
  if (Math.random() < 0.6) { faults.push("KILL"); try { process.kill(pid, "SIGKILL"); } catch {} }
  else {
    faults.push("STOP");
    try { process.kill(pid, "SIGSTOP"); } catch {}
    setTimeout(() => { try { process.kill(pid, "SIGCONT"); } catch {} }, 1500);
  }
}, Number(process.env.FAULT_MS ?? 1500));
if (process.env.NOFAULT) clearInterval(injector);

const fd0 = fds(), rss0 = rss();
let done = 0;
const serveStat = () => { const p = pw.pid; if (!p) return null; try { return { pid: p, rssKb: Number(fs.readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]), fds: fs.readdirSync(`/proc/${p}/fd`).length }; } catch { return null; } };
let serve0 = null, node0 = null;
async function worker() { while (done < N) { done++; if (done === 1000) { globalThis.gc?.(); serve0 = serveStat(); node0 = { fds: fds(), rssKb: rss() }; } await one(); } }
const t0 = Date.now();
await Promise.all(Array.from({ length: CONC }, worker));
clearInterval(injector);
await new Promise((r) => setTimeout(r, 1600)); // SIGCONTs
agent.destroy();
await new Promise((r) => server.close(r));
const waitSettled = Date.now();
while (stats.settled < stats.started && Date.now() - waitSettled < 20000) await new Promise((r) => setTimeout(r, 100));
globalThis.gc?.();
const fd1 = fds(), rss1 = rss();
const serve1 = serveStat();
const closeT = Date.now();
await Promise.race([pw.close(), new Promise((r) => setTimeout(r, 30000))]);
const closeMs = Date.now() - closeT;
await new Promise((r) => setTimeout(r, 1500));
const left = ours();
const tmpLeft = fs.readdirSync(SERVE_TMP);
const shmLeft = fs.readdirSync("/dev/shm").filter((f) => !shm0.has(f));
console.log(JSON.stringify({ N, secs: (Date.now() - t0) / 1000, faults: faults.reduce((m, f) => ((m[f] = (m[f] ?? 0) + 1), m), {}), started: stats.started, settled: stats.settled,
  unhandled, undocumented: stats.undocumented.slice(0, 3), rejected: stats.rejected, types: stats.types,
  fds: [fd0, fd1], rssKb: [rss0, rss1], nodeAt1000: node0, serveAt1000: serve0, serveEnd: serve1, closeMs, leftover: left, tmpLeft, shmLeft }, null, 1));
fs.rmSync(TMP, { recursive: true, force: true });
const bad = stats.settled !== stats.started || unhandled.length || stats.undocumented.length || left.length ||
  tmpLeft.length || shmLeft.length || fd1 > fd0;
process.exit(bad ? 1 : 0);
