// The host side: finding the binary, runOnce, start failures, and a host that exits on its
// own (no handle left open, with or without close()).
import test from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { getEventListeners } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Pywarden, runOnce, findBinary, PywardenNotFoundError, PywardenServerError, PywardenError } from "pywarden";
import { BIN, descendants, eventually } from "./helpers.mjs";

test("a missing binary is a rejected promise naming where it looked", async () => {
  await assert.rejects(Pywarden.start({ binary: "/nonexistent/pywarden" }), (e) => {
    assert.ok(e instanceof PywardenNotFoundError && e instanceof PywardenError);
    assert.equal(e.code, "PYWARDEN_NOT_FOUND");
    assert.deepEqual(e.searched, ["/nonexistent/pywarden (option binary)"]);
    return true;
  });
  const empty = mkdtempSync("/tmp/pywarden-node-");
  try {
    await assert.rejects(Pywarden.start({ env: { PYWARDEN_BIN: "", PATH: empty } }), (e) => {
      assert.deepEqual(e.searched, ["option binary (not given)", "PYWARDEN_BIN (not set)", `PATH (${empty})`]);
      assert.match(e.message, /looked in: .*PATH/);
      return true;
    });
    await assert.rejects(runOnce({ code: "result = 1" }, { env: { PYWARDEN_BIN: `${empty}/pw` } }), /pw \(PYWARDEN_BIN\)/);
  } finally {
    rmSync(empty, { recursive: true });
  }
  assert.equal(findBinary(undefined, { PATH: dirname(BIN) }), BIN);
  assert.equal(findBinary(undefined, { PYWARDEN_BIN: BIN }), BIN);
});

test("a serve that cannot start rejects start() with what it printed", async () => {
  await assert.rejects(Pywarden.start({ binary: BIN, policy: "no-such-policy" }), (e) => {
    assert.ok(e instanceof PywardenServerError);
    assert.match(e.message, /while starting/);
    assert.match(e.stderr, /no-such-policy/);
    return true;
  });
});

test("runOnce runs one request cold, with the same result shape", async () => {
  const r = await runOnce({ code: "def main(i): return [i['n'], 2**64]", inputs: { n: 2n ** 70n } }, { binary: BIN });
  assert.equal(r.ok, true);
  assert.equal(r.stats.mode, "cold");
  assert.deepEqual(r.result, [2n ** 70n, 2n ** 64n]);
  const s = await runOnce({ code: "result = 2**64" }, { binary: BIN, bigint: "string" });
  assert.equal(s.result, "18446744073709551616");
  const bad = await runOnce({ code: "raise ValueError('x')" }, { binary: BIN });
  assert.equal(bad.error.type, "exception");
  const inv = await runOnce({ code: "result = 1", nope: true }, { binary: BIN });
  assert.equal(inv.error.field, "nope");
  assert.equal((await runOnce({ code: "result = 1", signal: AbortSignal.abort() }, { binary: BIN })).error.type, "cancelled");
  const ac = new AbortController();
  const running = runOnce({ code: "import time\ntime.sleep(30)", signal: ac.signal }, { binary: BIN });
  setTimeout(() => ac.abort(), 300);
  const aborted = await running;
  assert.equal(aborted.error.type, "cancelled");
  assert.equal(aborted.error.message, "cancelled by the caller; the run was killed");
  // one listener per signal, however many calls share it (before, twelve warned
  // MaxListenersExceededWarning)
  const warnings = [];
  const onWarning = (w) => warnings.push(String(w));
  process.on("warning", onWarning);
  try {
    const shared = new AbortController();
    const calls = Array.from({ length: 12 }, () => runOnce({ code: "result = 1", signal: shared.signal }, { binary: BIN }));
    assert.equal(getEventListeners(shared.signal, "abort").length, 1);
    assert.ok((await Promise.all(calls)).every((c) => c.ok));
    assert.equal(getEventListeners(shared.signal, "abort").length, 0);
    assert.deepEqual(warnings, []);
  } finally {
    process.off("warning", onWarning);
  }
  const late = await runOnce({ code: "import time\ntime.sleep(30)", deadlineMs: 300 }, { binary: BIN });
  assert.equal(late.error.type, "timeout");
  assert.equal(late.stats.mode, "cold", "runOnce is cold, whatever ended it");
  assert.deepEqual(descendants(process.pid), [], "no pywarden run is left");
});

const HOST = fileURLToPath(new URL("../esm/index.mjs", import.meta.url));

/** Runs script as an ES module in a host process of its own; nofile: its RLIMIT_NOFILE. */
function node(script, nofile) {
  return new Promise((resolve) => {
    const argv = [process.execPath, "--input-type=module", "-e", script];
    const [cmd, args] = nofile ? ["/bin/sh", ["-c", `ulimit -n ${nofile} && exec "$@"`, "sh", ...argv]] : [argv[0], argv.slice(1)];
    const child = execFile(cmd, args, { env: { ...process.env, PYWARDEN_BIN: BIN }, timeout: 60000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (err.killed ? "timed out" : err.code) : 0, stdout, stderr }),
    );
    child.stdin.end();
  });
}

test("a host process exits on its own: after close(), and even without it", async () => {
  for (const ending of ["await pw.close();", "/* forgot close() */"]) {
    const r = await node(`
      import { Pywarden } from ${JSON.stringify(HOST)};
      const pw = await Pywarden.start({ workers: 1 });
      const r = await pw.run({ code: "result = 41 + 1" });
      process.on("unhandledRejection", (e) => { console.error("unhandled", e); process.exit(3); });
      console.log(r.result);
      ${ending}`);
    assert.deepEqual([r.code, r.stdout.trim(), r.stderr], [0, "42", ""], ending);
  }
});

// engines says node >= 18; os.availableParallelism came in 18.14 (Amazon Linux 2023 shipped 18.12)
test("start() without workers runs on a Node without os.availableParallelism", async () => {
  const r = await node(`
    import os from "node:os";
    delete os.availableParallelism;
    const { Pywarden } = await import(${JSON.stringify(HOST)});
    const pw = await Pywarden.start();
    console.log(pw.workers === Math.min(os.cpus().length, 128), (await pw.run({ code: "result = 1" })).result);
    await pw.close();`);
  assert.deepEqual([r.code, r.stdout.trim(), r.stderr], [0, "true 1", ""]);
});

// serve runs in a process group of its own: a Ctrl-C (SIGINT to the host's group) is the
// host's to handle. Before, it killed serve's templates and the runs in flight with them.
test("Ctrl-C to the host's process group leaves the host's runs to finish", async () => {
  const r = await new Promise((resolve) => {
    // a process group of its own, as a terminal gives the job it runs
    const child = spawn(
      process.execPath,
      ["--input-type=module", "-e", `
        import { Pywarden } from ${JSON.stringify(HOST)};
        const pw = await Pywarden.start({ workers: 1 });
        const call = pw.run({ code: "import time\\ntime.sleep(1)\\nresult = 'finished'" });
        process.on("SIGINT", async () => {
          const r = await call;
          console.log(r.ok ? r.result : r.error.message);
          await pw.close();
          process.exit(0);
        });
        setTimeout(() => process.exit(5), 20000); // alive until then, should no SIGINT come
        console.log("running");`],
      { env: { ...process.env, PYWARDEN_BIN: BIN }, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "", stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.stdout.once("data", () => setTimeout(() => process.kill(-child.pid, "SIGINT"), 300));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, "running\nfinished\n", ""]);
});

test("a missing cwd is named as such; deadlineMs must be a number of ms, and one too long for a timer is none", async () => {
  await assert.rejects(Pywarden.start({ binary: BIN, cwd: "/nonexistent-pywarden-dir" }), (e) =>
    e instanceof PywardenServerError && /working directory \/nonexistent-pywarden-dir \(option cwd\) is not a directory/.test(e.message));
  await assert.rejects(runOnce({ code: "result = 1" }, { binary: BIN, cwd: "/nonexistent-pywarden-dir" }), /is not a directory/);
  for (const workers of [0, 1.5, 129, "2"])
    await assert.rejects(Pywarden.start({ binary: BIN, workers }), {
      name: "TypeError",
      message: `workers must be an integer from 1 to 128, not ${workers}`,
    });
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    for (const bad of [NaN, -1, "5"]) await assert.rejects(pw.run({ code: "result = 1", deadlineMs: bad }), TypeError);
    await assert.rejects(runOnce({ code: "result = 1", deadlineMs: NaN }, { binary: BIN }), TypeError);
    for (const long of [2 ** 31, Infinity]) {
      const r = await pw.run({ code: "import time\ntime.sleep(0.2)\nresult = 1", deadlineMs: long });
      assert.equal(r.ok, true, `deadlineMs ${long}: ${JSON.stringify(r.error)}`);
    }
    // 0 has passed already: the code never starts (it was sent, printed, and was killed)
    const code = "print('started')\nresult = 1";
    for (const r of [await pw.run({ code, deadlineMs: 0 }), await runOnce({ code, deadlineMs: 0 }, { binary: BIN })]) {
      assert.deepEqual([r.error?.type, r.error?.message, r.stdout], ["timeout", "deadlineMs (0 ms) passed before the run started", ""]);
    }
  } finally {
    await pw.close();
  }
});

// before, an unknown bigint mode passed unseen (read as "string"), graceMs 1.5 rejected with
// serve's whole --help, and an env value holding U+0000 with Node's ERR_INVALID_ARG_VALUE
test("options serve or spawn would refuse are TypeErrors naming them, before any process", async () => {
  const bad = [
    [{ bigint: "BigInt" }, 'bigint must be "bigint", "string" or "number", not "BigInt"'],
    [{ graceMs: 1.5 }, "graceMs must be an integer from 0 to 3600000, not 1.5"],
    [{ graceMs: NaN }, "graceMs must be an integer from 0 to 3600000, not NaN"],
    [{ graceMs: -5 }, "graceMs must be an integer from 0 to 3600000, not -5"],
    [{ env: { X: "a\0b" } }, 'env.X must be a string without U+0000, not "a\\u0000b"'],
    [{ env: { "A=B": "x" } }, 'env: "A=B" is not a variable name'],
    [{ policy: { extends: "default", timeout_ms: NaN } }, "policy: NaN at timeout_ms is not JSON"],
  ];
  for (const [opts, message] of bad) {
    await assert.rejects(Pywarden.start({ binary: BIN, workers: 1, ...opts }), { name: "TypeError", message }, JSON.stringify(opts));
    if (!("graceMs" in opts) && !("policy" in opts))
      await assert.rejects(runOnce({ code: "result = 1" }, { binary: BIN, ...opts }), { name: "TypeError", message });
  }
  assert.deepEqual(descendants(process.pid), []);
});

// the AbortController passed for its signal: runOnce rejected once its process was running,
// and left it running (and the host alive) after the rejection
test("a signal that is not an AbortSignal rejects before any process; a signal's own throw kills it", async () => {
  const message = "signal must be an AbortSignal (pass controller.signal, not the controller)";
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    await assert.rejects(pw.run({ code: "result = 1", signal: new AbortController() }), { name: "TypeError", message });
    assert.equal((await pw.run({ code: "result = 2" })).result, 2, "the pool goes on");
  } finally {
    await pw.close();
  }
  await assert.rejects(runOnce({ code: "result = 1", signal: new AbortController() }, { binary: BIN }), { name: "TypeError", message });
  await assert.rejects(runOnce({ code: "result = 1", signal: 5 }, { binary: BIN }), { name: "TypeError", message: "signal must be an AbortSignal" });
  assert.deepEqual(descendants(process.pid), []);
  const throwing = { aborted: false, addEventListener() { throw new Error("no listeners here"); }, removeEventListener() {} };
  await assert.rejects(runOnce({ code: "import time\ntime.sleep(30)", signal: throwing }, { binary: BIN }), { message: "no listeners here" });
  assert.ok(await eventually(() => descendants(process.pid).length === 0), "its pywarden run was killed");
});

test("a host whose serve dies with calls pending sees no unhandled rejection", async () => {
  const r = await node(`
    import { Pywarden } from ${JSON.stringify(HOST)};
    process.on("unhandledRejection", (e) => { console.error("unhandled", e); process.exit(3); });
    const pw = await Pywarden.start({ workers: 1, restart: { retries: 0, minDelayMs: 10 } });
    const calls = [1, 2].map(() => pw.run({ code: "import time\\ntime.sleep(30)" }));
    setTimeout(() => process.kill(pw.pid, "SIGKILL"), 300);
    const rs = await Promise.all(calls);
    const next = await pw.run({ code: "result = 'again'" });
    console.log([...rs.map((r) => r.error.type), next.result].join(","));
    await pw.close();`);
  assert.deepEqual([r.code, r.stdout.trim(), r.stderr], [0, "internal,internal,again", ""]);
});

// Node makes no pipes when the host is out of fds (EMFILE) and reports it as an 'error' event on
// the next tick: runOnce crashed the host with that event unhandled, start() rejected with a
// TypeError.
test("a host out of file descriptors gets PywardenServerError from runOnce and start, no crash", async () => {
  const r = await node(`
    import { openSync } from "node:fs";
    import { Pywarden, runOnce } from ${JSON.stringify(HOST)};
    process.on("unhandledRejection", (e) => { console.error("unhandled", e); process.exit(3); });
    try { for (;;) openSync("/dev/null", "r"); } catch {}
    for (const call of [() => runOnce({ code: "result = 1" }), () => Pywarden.start({ workers: 1 })])
      await call().then(() => console.log("resolved"), (e) => console.log(e.constructor.name, e.message));`, 128);
  const want = `cannot run ${BIN}: spawn ${BIN} EMFILE`;
  assert.deepEqual([r.code, r.stdout, r.stderr],
    [0, `PywardenServerError ${want}\nPywardenServerError ${want} while starting\n`, ""]);
});
