// Pywarden over a real `pywarden serve`: concurrency, failures of serve, cancellation,
// deadlines, exact numbers, sizes, draining, and listeners that do not pile up.
import test from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import * as fs from "node:fs";
import { readdirSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Pywarden, PywardenClosedError, PywardenServerError, JsonNumber } from "pywarden";
import { BIN, alive, descendants, eventually, handedOver, serveHasFlag } from "./helpers.mjs";

const SLEEP = "import time\nprint('started', flush=True)\ntime.sleep(30)";
const echo = (inputs, extra = {}) => ({ code: "def main(inputs): return inputs", inputs, ...extra });

/** Children a template forks ahead per slot (PW_SPARES in src/warm/zygote.h). */
const SPARES = 2;
/** launcher + template + the spares of each slot used: what serve holds with nothing running. */
const idleDescendants = (pw, slots) =>
  eventually(() => descendants(pw.pid).length === 2 + SPARES * slots);

test("200 concurrent calls on 2 workers are all answered, each with its own result", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 2 });
  try {
    const rs = await Promise.all(
      Array.from({ length: 200 }, (_, i) => pw.run({ code: "def main(i): return i['n'] * 2", inputs: { n: i } })),
    );
    rs.forEach((r, i) => {
      assert.equal(r.ok, true);
      assert.equal(r.result, 2 * i);
      assert.equal(r.stats.mode, "warm");
      assert.equal("id" in r, false);
    });
  } finally {
    await pw.close();
  }
});

test("serve killed mid-flight: pending calls settle at once, it restarts, the next call works", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 2, restart: { minDelayMs: 50 } });
  try {
    const first = pw.pid;
    const idle = descendants(first);
    const pending = [pw.run({ code: SLEEP }), pw.run({ code: SLEEP }), pw.run({ code: SLEEP })];
    assert.ok(await handedOver(first, idle));
    const oldTree = descendants(first);
    process.kill(first, "SIGKILL");
    for (const r of await Promise.all(pending)) {
      assert.equal(r.error.type, "internal");
      assert.match(r.error.message, /pywarden serve exited \(killed by SIGKILL\)/);
    }
    const next = await pw.run(echo({ after: true }));
    assert.deepEqual(next.result, { after: true });
    assert.notEqual(pw.pid, first);
    assert.ok(await eventually(() => oldTree.every((p) => !alive(p))), "the old serve's processes are gone");
  } finally {
    await pw.close();
  }
});

test("a call's request is taken when run() is called, not when a slot frees up", { timeout: 30000 }, async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    const ctx = { item: null };
    const calls = ["a", "b", "c", "d", "e"].map((item) => {
      ctx.item = item;
      return pw.run(echo(ctx));
    });
    ctx.item = NaN; // no longer JSON: a later read would throw inside the client
    assert.deepEqual((await Promise.all(calls)).map((r) => r.result.item), ["a", "b", "c", "d", "e"]);
  } finally {
    await pw.close();
  }
});

test("close() while serve is being restarted still runs the calls made before it", { timeout: 30000 }, async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1, restart: { minDelayMs: 50 } });
  process.kill(pw.pid, "SIGKILL");
  await new Promise((r) => setTimeout(r, 20));
  const call = pw.run({ code: "result = 42" });
  await eventually(() => pw.pid === undefined); // the next serve is starting
  await new Promise((r) => setTimeout(r, 70));
  await pw.close();
  const r = await call;
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.result, 42);
});

// serve died while idle and the client has not seen its exit yet: a call made now cannot
// have reached it (the write fails with EPIPE), so it waits for the next serve.
test("serve stopped by SIGTERM: calls it did not start run on the next serve", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1, graceMs: 10000, restart: { minDelayMs: 50 } });
  try {
    const first = pw.pid;
    const idle = descendants(first);
    // 1 worker: a runs, b waits in serve's queue, c and d in the client's
    const calls = ["a", "b", "c", "d"].map((v, i) => pw.run({ code: `import time\ntime.sleep(${i ? 0 : 1})\nresult = '${v}'` }));
    assert.ok(await handedOver(first, idle));
    process.kill(first, "SIGTERM");
    const rs = await Promise.all(calls);
    assert.deepEqual(rs.map((r) => r.result), ["a", "b", "c", "d"], JSON.stringify(rs.map((r) => r.error)));
    assert.notEqual(pw.pid, first);
  } finally {
    await pw.close();
  }
});

test("a call made after serve died unseen runs on the next serve", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1, restart: { minDelayMs: 20 } });
  try {
    const dead = pw.pid;
    process.kill(dead, "SIGKILL");
    // wait without yielding to the event loop (its exit not yet handled) until serve is a
    // zombie with no other thread: only then has the kernel released its end of the pipe (an
    // exiting thread's fd list empties before its files are closed, and it leaves /proc/PID/task
    // before the leader turns zombie)
    const until = Date.now() + 5000;
    const exited = () => {
      try {
        const state = readFileSync(`/proc/${dead}/stat`, "utf8").replace(/^.*\) /s, "")[0];
        return state === "Z" && readdirSync(`/proc/${dead}/task`).length === 1;
      } catch {
        return true;
      }
    };
    while (!exited() && Date.now() < until);
    const r = await pw.run(echo({ after: "death" }));
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.deepEqual(r.result, { after: "death" });
    assert.notEqual(pw.pid, dead);
  } finally {
    await pw.close();
  }
});

test("a serve that cannot be restarted rejects queued and later calls with PywardenServerError", async () => {
  // a policy file that exists for the first start only
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const dir = mkdtempSync("/tmp/pywarden-node-");
  const policy = `${dir}/p.json`;
  writeFileSync(policy, '{"extends": "default"}');
  const pw = await Pywarden.start({ binary: BIN, workers: 1, policy, restart: { retries: 2, minDelayMs: 20 } });
  const idle = descendants(pw.pid);
  const inFlight = pw.run({ code: SLEEP });
  assert.ok(await handedOver(pw.pid, idle));
  rmSync(dir, { recursive: true });
  process.kill(pw.pid, "SIGKILL");
  const r = await inFlight; // in flight when serve died: an answer, not a rejection
  assert.equal(r.error.type, "internal");
  const later = pw.run(echo({ b: 1 }));
  await assert.rejects(later, (e) => e instanceof PywardenServerError && /could not be restarted/.test(e.message) && /p\.json/.test(e.stderr));
  await assert.rejects(pw.run(echo({})), PywardenServerError);
  await pw.close();
});

test("abort before start answers cancelled without running; abort while running kills the run", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    const before = await pw.run({ code: "result = 1", signal: AbortSignal.abort() });
    assert.equal(before.error.type, "cancelled");
    await idleDescendants(pw, 1);
    const idle = descendants(pw.pid);
    const ac = new AbortController();
    const running = pw.run({ code: SLEEP, signal: ac.signal });
    const queued = pw.run({ code: "result = 2", signal: ac.signal });
    assert.ok(await handedOver(pw.pid, idle)); // the run is going, the other waits
    const during = descendants(pw.pid);
    ac.abort();
    const [a, b] = await Promise.all([running, queued]);
    assert.equal(a.error.type, "cancelled");
    assert.match(a.error.message, /killed/);
    assert.equal(b.error.type, "cancelled");
    assert.match(b.error.message, /before it started/);
    assert.ok(during.length >= 3);
    assert.ok(await idleDescendants(pw, 1), `left over: ${descendants(pw.pid)}`);
    assert.equal((await pw.run(echo({ x: 1 }))).ok, true);
  } finally {
    await pw.close();
  }
});

test("deadlineMs bounds queue wait: a burst behind a slow run fails fast with timeout", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    let slowDone = false;
    const slow = pw.run({ code: "import time\ntime.sleep(20)\nresult = 'slow'" }).finally(() => (slowDone = true));
    // 1 worker: these wait in serve's queue (the first two) or in the client's queue
    const burst = Array.from({ length: 5 }, () => pw.run({ code: "result = 1", deadlineMs: 300 }));
    for (const r of await Promise.all(burst)) {
      assert.equal(r.error.type, "timeout");
      assert.equal(r.error.timeout_ms, 300);
      assert.match(r.error.message, /deadlineMs \(300 ms\) passed before the run started/);
    }
    assert.equal(slowDone, false, "answered while the slow run still held the worker");
    assert.equal((await slow).result, "slow");
    // and during the run: killed, answered timeout
    const r = await pw.run({ code: SLEEP, deadlineMs: 400 });
    assert.equal(r.error.type, "timeout");
    assert.match(r.error.message, /deadlineMs \(400 ms\) passed (during the run|before the run started)/);
  } finally {
    await pw.close();
  }
});

test("a deadline that passes during the run keeps what the run printed and was refused, as a cancel does", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    // a workflow engine logs a node's output and alerts on its violations, whichever bound ended it
    const code = "try:\n    open('/etc/shadow')\nexcept OSError:\n    pass\n" + SLEEP;
    const r = await pw.run({ code, deadlineMs: 500 });
    assert.equal(r.error.type, "timeout");
    assert.equal(r.error.timeout_ms, 500);
    assert.equal(r.error.message, "deadlineMs (500 ms) passed during the run");
    assert.equal(r.stdout, "started\n");
    assert.deepEqual(r.violations.map((v) => [v.event, v.detail, v.line]), [["open", "/etc/shadow", 2]]);
    assert.equal(r.stats.mode, "warm");
    assert.ok(r.stats.wall_ms > 0 && r.stats.layers.length > 0, JSON.stringify(r.stats));
  } finally {
    await pw.close();
  }
});

test("resultEncoding is sent as result_encoding, and mode body runs a function body", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    const code = "result = {'s': {3, 1, 2}}";
    assert.equal((await pw.run({ code })).error.type, "invalid_result");
    assert.deepEqual((await pw.run({ code, resultEncoding: "lenient" })).result, { s: [1, 2, 3] });
    assert.equal((await pw.run({ code: "return inputs['n'] + 1", inputs: { n: 1 }, mode: "body" })).result, 2);
  } finally {
    await pw.close();
  }
});

test("a deadline or an abort ends the call even while serve is stopped and cannot answer", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    const first = await pw.run(echo({ x: 1 }));
    assert.equal(first.ok, true);
    process.kill(pw.pid, "SIGSTOP");
    // stopped in every thread before the requests: on a loaded machine a signal can land
    // after serve has read what follows it
    const stopped = () =>
      readdirSync(`/proc/${pw.pid}/task`).every((t) =>
        / T /.test(readFileSync(`/proc/${pw.pid}/task/${t}/stat`, "utf8").replace(/^.*\)/, "")),
      );
    assert.ok(await eventually(stopped), "serve stopped");
    const t0 = Date.now();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const [late, aborted] = await Promise.all([
      pw.run({ code: "result = 1", deadlineMs: 300 }),
      pw.run({ code: "result = 2", signal: ac.signal }),
    ]);
    const took = Date.now() - t0;
    process.kill(pw.pid, "SIGCONT");
    assert.ok(took < 3000, `settled after ${took} ms`);
    assert.equal(late.error.type, "timeout");
    assert.equal(late.error.timeout_ms, 300);
    assert.match(late.error.message, /deadlineMs \(300 ms\) passed; pywarden serve did not answer its cancel/);
    assert.equal(aborted.error.type, "cancelled");
    assert.match(aborted.error.message, /did not answer its cancel/);
    // serve answers them once it runs again: dropped, and the pool goes on
    assert.deepEqual((await pw.run(echo({ x: 2 }))).result, { x: 2 });
  } finally {
    await pw.close();
  }
});

test("big integers and numbers beyond a double, both ways, in every bigint mode", async () => {
  const code =
    "import math\ndef main(i):\n    return {'echo': i, 'calc': [2**64, -2**70], 'ok': [i['a'] == 2**64, i['b'] == -2**70, math.isinf(i['c'])]}";
  const inputs = { a: 2n ** 64n, b: -(2n ** 70n), c: new JsonNumber("1e400") };
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    const r = await pw.run({ code, inputs: { a: inputs.a, b: inputs.b, c: inputs.c } });
    assert.equal(r.ok, false); // echoing 1e400 back: Python made it inf, which is not JSON
    assert.equal(r.error.type, "invalid_result");
    const ok = await pw.run({ code: code.replace("'echo': i", "'echo': [i['a'], i['b']]"), inputs });
    assert.deepEqual(ok.result, { echo: [2n ** 64n, -(2n ** 70n)], calc: [2n ** 64n, -(2n ** 70n)], ok: [true, true, true] });
    const stdio = await pw.run({ mode: "stdio", code: "print('[1e400, 18446744073709551616]')" });
    assert.deepEqual(stdio.result, [new JsonNumber("1e400"), 2n ** 64n]);
  } finally {
    await pw.close();
  }
  for (const [mode, want] of [
    ["string", ["18446744073709551616", "-1180591620717411303424", "1e400"]],
    ["number", [2 ** 64, -(2 ** 70), Infinity]],
  ]) {
    const p = await Pywarden.start({ binary: BIN, workers: 1, bigint: mode });
    const r = await p.run({ mode: "stdio", code: "print('[18446744073709551616, -1180591620717411303424, 1e400]')" });
    assert.deepEqual(r.result, want, mode);
    await p.close();
  }
});

test("unicode and 5 MB inputs and outputs arrive intact", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    const text = "héllo wörld ✓ 😀 中文 e\u0301 \u2028 \t \"q\" \\";
    const u = await pw.run({ code: "def main(i):\n    print(i['t'])\n    return {i['t']: len(i['t'])}", inputs: { t: text } });
    assert.deepEqual(u.result, { [text]: [...text].length });
    assert.equal(u.stdout, text + "\n");
    const big = "ab😀".repeat(5 * 1024 * 1024 / 6);
    const r = await pw.run({ code: "def main(i): return {'n': len(i['s']), 's': i['s']}", inputs: { s: big } });
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.result.n, [...big].length);
    assert.equal(r.result.s, big);
  } finally {
    await pw.close();
  }
});

test("close() drains: calls made before it are all answered, later ones reject", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  const pid = pw.pid;
  const calls = Array.from({ length: 6 }, (_, i) => pw.run({ code: `import time\ntime.sleep(0.1)\nresult = ${i}` }));
  const closing = pw.close();
  await assert.rejects(pw.run(echo({})), PywardenClosedError);
  const rs = await Promise.all(calls);
  assert.deepEqual(rs.map((r) => r.result), [0, 1, 2, 3, 4, 5]);
  await closing;
  assert.ok(await eventually(() => !alive(pid)), "serve has exited");
});

test("a deadline or an abort during close() still cancels its run, and close() does not wait it out", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 2 });
  const pid = pw.pid;
  const tree = descendants(pid);
  const ac = new AbortController();
  const late = pw.run({ code: SLEEP, deadlineMs: 1500 });
  const aborted = pw.run({ code: SLEEP, signal: ac.signal });
  assert.ok(await handedOver(pid, tree));
  const t0 = Date.now();
  const closing = pw.close();
  setTimeout(() => ac.abort(), 200);
  const [r, a] = await Promise.all([late, aborted]);
  assert.equal(r.error.type, "timeout");
  assert.equal(r.error.message, "deadlineMs (1500 ms) passed during the run");
  assert.equal(r.stdout, "started\n");
  assert.equal(a.error.type, "cancelled");
  assert.doesNotMatch(a.error.message, /did not answer its cancel/);
  await closing;
  assert.ok(Date.now() - t0 < 10000, `close() took ${Date.now() - t0} ms: the runs went on to their sleep's end`);
  assert.ok(!alive(pid), "serve has exited");
});

test("kill() ends serve at once and answers what was pending", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  const pid = pw.pid;
  const tree = descendants(pid);
  const calls = [pw.run({ code: SLEEP }), pw.run({ code: SLEEP }), pw.run({ code: SLEEP }), pw.run({ code: SLEEP })];
  assert.ok(await handedOver(pid, tree));
  await pw.kill();
  for (const r of await Promise.all(calls)) assert.equal(r.error.type, "internal");
  assert.ok(await eventually(() => ![pid, ...tree].some(alive)), "nothing of serve is left");
  await assert.rejects(pw.run(echo({})), PywardenClosedError);
});

test("10 000 calls with one AbortSignal leave no listener behind", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 2 });
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on("warning", onWarning);
  try {
    const ac = new AbortController();
    const baseline = process.listenerCount("exit") + process.listenerCount("SIGTERM");
    for (let done = 0; done < 10000; done += 500) {
      const rs = await Promise.all(
        Array.from({ length: 500 }, (_, i) => pw.run({ code: "result = 1", signal: ac.signal, deadlineMs: 60000, inputs: { i } })),
      );
      assert.ok(rs.every((r) => r.ok), JSON.stringify(rs.find((r) => !r.ok)));
    }
    assert.equal(getEventListeners(ac.signal, "abort").length, 0);
    assert.equal(process.listenerCount("exit") + process.listenerCount("SIGTERM"), baseline);
    assert.deepEqual(warnings.map(String), []);
  } finally {
    process.off("warning", onWarning);
    await pw.close();
  }
});

// a workflow run cancelled: before, each queued call was taken out by indexOf and splice,
// so one abort() of 100 000 calls held the event loop ~4 s, 6× what making them took
test("aborting 100 000 queued calls costs less than making them", { timeout: 120000 }, async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    const ac = new AbortController();
    let t = performance.now();
    const calls = Array.from({ length: 100000 }, () => pw.run({ code: SLEEP, signal: ac.signal }));
    const made = performance.now() - t;
    t = performance.now();
    ac.abort();
    const aborted = performance.now() - t;
    const rs = await Promise.all(calls);
    assert.equal(rs.filter((r) => r.error?.type === "cancelled").length, 100000);
    assert.ok(aborted < made, `abort() took ${aborted.toFixed(0)} ms, making the calls ${made.toFixed(0)} ms`);
  } finally {
    await pw.kill();
  }
});

test("allowPolicies and allowInlinePolicies reach serve's flags", { skip: !serveHasFlag("--allow-policies") && "this pywarden serve has no --allow-policies yet" }, async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1, allowPolicies: ["default", "strict"] });
  try {
    assert.equal((await pw.run({ code: "result = 1", policy: "strict" })).ok, true);
    const r = await pw.run({ code: "result = 1", policy: "trusted" });
    assert.equal(r.error.type, "invalid_request");
    const inline = await pw.run({ code: "result = 1", policy: { extends: "default" } });
    assert.equal(inline.error.type, "invalid_request");
  } finally {
    await pw.close();
  }
  const open = await Pywarden.start({ binary: BIN, workers: 1, allowPolicies: ["default"], allowInlinePolicies: true });
  assert.equal((await open.run({ code: "result = 1", policy: { extends: "default" } })).ok, true);
  await open.close();
});

test("workRoot reaches serve's --work-root", { skip: !serveHasFlag("--work-root") && "this pywarden serve has no --work-root yet" }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pw-root-"));
  fs.mkdirSync(path.join(root, "job"));
  fs.writeFileSync(path.join(root, "job", "step.py"), "result = 42\n");
  const pw = await Pywarden.start({ binary: BIN, workers: 1, workRoot: root });
  try {
    assert.equal((await pw.run({ script: "step.py", workDir: "job" })).result, 42);
    const r = await pw.run({ code: "result = 1", workDir: "/etc" });
    assert.equal(r.error.type, "invalid_request");
    assert.match(r.error.message, /outside the host's work root/);
    assert.equal(r.error.field, "work_dir");
  } finally {
    await pw.close();
    fs.rmSync(root, { recursive: true });
  }
});
