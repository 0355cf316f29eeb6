// Pywarden against serves that misbehave (test/fixtures/fake-serve.sh): whatever serve does,
// every call settles, nothing is thrown at the host, and no process is left.
import test from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Pywarden, PywardenServerError } from "pywarden";
import { BIN, descendants, eventually } from "./helpers.mjs";

const FAKE = fileURLToPath(new URL("fixtures/fake-serve.sh", import.meta.url));
const fake = (mode, opts = {}) => Pywarden.start({ binary: FAKE, workers: 1, env: { FAKE_SERVE: mode }, ...opts });
const noneLeft = () => eventually(() => descendants(process.pid).length === 0);

// before, a line `null` crashed the host: "Cannot read properties of null (reading 'id')"
test("a serve line that is JSON but not an object is a lost serve, not a crash", async () => {
  await assert.rejects(fake("null-line"), (e) => {
    assert.ok(e instanceof PywardenServerError);
    assert.equal(e.message, "pywarden serve exited (it wrote a line that is not an answer; the client killed it) while starting");
    return true;
  });
  const pw = await fake("array-answer", { restart: { retries: 0 } });
  const r = await pw.run({ code: "result = 1" });
  assert.equal(r.error.type, "internal");
  assert.match(r.error.message, /^pywarden serve exited \(it wrote a line that is not an answer; the client killed it\) before answering/);
  await pw.kill();
  assert.ok(await noneLeft());
});

// before, a call without a deadline and close() waited for good
test("a serve that closes its stdout but stays alive is killed and its calls answered", async () => {
  const pw = await fake("stdout-closed", { restart: { retries: 0, minDelayMs: 10 } });
  const r = await pw.run({ code: "result = 1" });
  assert.equal(r.error.type, "internal");
  assert.equal(
    r.error.message,
    "pywarden serve exited (it closed its stdout; the client killed it) before answering the call (it may or may not have run)",
  );
  await pw.close();
  assert.ok(await noneLeft());
});

// before, start() waited for good
test("a serve that never answers its first request fails start() after startTimeoutMs, and is killed", async () => {
  const started = Date.now();
  await assert.rejects(fake("silent", { startTimeoutMs: 300 }), (e) => {
    assert.ok(e instanceof PywardenServerError);
    assert.equal(e.code, "PYWARDEN_SERVER");
    assert.equal(e.message, "pywarden serve did not answer within 300 ms (startTimeoutMs) while starting");
    return true;
  });
  assert.ok(Date.now() - started < 5000);
  assert.ok(await noneLeft());
  for (const startTimeoutMs of [0, -1, NaN, "5"])
    await assert.rejects(fake("silent", { startTimeoutMs }), {
      name: "TypeError",
      message: `startTimeoutMs must be a number of milliseconds > 0, not ${startTimeoutMs}`,
    });
});

// a restart whose serve hangs: it counts as a failed start, and kill() ends it (before, it was
// left running, and the host with it)
test("a restart that hangs fails by startTimeoutMs, and kill() during one ends that serve", async () => {
  const mark = mkdtempSync("/tmp/pywarden-node-") + "/started";
  const env = { FAKE_SERVE: "hang-on-restart", FAKE_REAL: BIN, FAKE_MARK: mark };
  try {
    let pw = await fake("", { env, startTimeoutMs: 400, restart: { retries: 0, minDelayMs: 10 } });
    assert.equal((await pw.run({ code: "result = 1" })).result, 1);
    process.kill(pw.pid, "SIGKILL");
    await eventually(() => pw.pid === undefined); // its exit seen: the next call waits for a restart
    await assert.rejects(pw.run({ code: "result = 2" }), (e) => {
      assert.ok(e instanceof PywardenServerError);
      assert.match(e.message, /^pywarden serve exited and could not be restarted \(1 attempts\)/);
      assert.equal(e.cause.message, "pywarden serve did not answer within 400 ms (startTimeoutMs) while starting");
      return true;
    });
    await pw.close();
    assert.ok(await noneLeft());

    rmSync(mark, { recursive: true });
    pw = await fake("", { env, restart: { minDelayMs: 10 } });
    const first = pw.pid;
    process.kill(first, "SIGKILL");
    await eventually(() => pw.pid === undefined);
    const call = pw.run({ code: "result = 2" });
    assert.ok(await eventually(() => descendants(process.pid).some((p) => p !== first)), "a restart is under way");
    await pw.kill();
    assert.equal((await call).error.message, "pw.kill() ended pywarden serve");
    assert.ok(await noneLeft(), "the hung serve was killed");
  } finally {
    rmSync(dirname(mark), { recursive: true, force: true });
  }
});
