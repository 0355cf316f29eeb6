// Pywarden against serves that misbehave (test/fixtures/fake-serve.sh): whatever serve does,
// every call settles, nothing is thrown at the host, and no process is left.
import test from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Pywarden, PywardenServerError } from "pywarden";
import { descendants, eventually } from "./helpers.mjs";

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
