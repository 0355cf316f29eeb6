// Every error type of the contract arrives typed, from a warm pool; runOrThrow throws them.
import test from "node:test";
import assert from "node:assert/strict";
import { Pywarden, PywardenRunError } from "pywarden";
import { BIN, childrenOf, descendants, handedOver } from "./helpers.mjs";

const LIMITS = { extends: "default", memory_mb: 300, cpu_s: 1, max_result_bytes: 1000 };

test("every error type arrives typed, with its own fields", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 2, policy: LIMITS });
  try {
    const cases = [
      ["timeout", { code: "while True: pass", timeoutMs: 300 }, (e) => assert.equal(e.timeout_ms, 300)],
      ["memory_limit", { code: "x = bytearray(1 << 30)" }, (e) => assert.equal(e.limit_mb, 300)],
      ["cpu_limit", { code: "while True: pass", timeoutMs: 20000 }, (e) => assert.equal(e.limit_s, 1)],
      ["output_limit", { code: "result = 'x' * 5000" }, (e) => assert.equal(e.stream, "result")],
      ["policy_violation", { code: "import subprocess" }, (e) => assert.deepEqual([e.event, e.detail], ["import", "subprocess"])],
      ["exception", { code: "x = 1\nraise ValueError('boom')" }, (e) => {
        assert.equal(e.exception, "ValueError");
        assert.equal(e.line, 2);
        assert.match(e.traceback, /ValueError: boom/);
      }],
      ["syntax_error", { code: "def (:" }, (e) => assert.equal(e.line, 1)],
      ["invalid_request", { code: "result = 1", nope: 1 }, (e) => assert.equal(e.field, "nope")],
      ["invalid_result", { code: "result = {'k': {1, 2}}" }, (e) => {
        assert.equal(e.path, 'result.k');
        assert.equal(e.python_type, "set");
      }],
      ["crashed", { code: "import random\nrandom._os._exit(3)" }, (e) => assert.equal(e.exit_status, 3)],
    ];
    const results = await Promise.all(cases.map(([, req]) => pw.run(req)));
    cases.forEach(([type, , check], i) => {
      const r = results[i];
      assert.equal(r.ok, false, type);
      assert.equal(r.error.type, type, `${type}: ${JSON.stringify(r.error)}`);
      assert.equal(typeof r.error.message, "string");
      check(r.error);
    });

    // internal: the template dies under a running run (serve -> launcher -> template)
    const idle = descendants(pw.pid);
    const tpl = childrenOf(childrenOf(pw.pid)[0])[0];
    const running = pw.run({ code: "import time\ntime.sleep(30)" });
    assert.ok(await handedOver(pw.pid, idle));
    process.kill(tpl, "SIGKILL");
    const internal = await running;
    assert.equal(internal.error.type, "internal");
    assert.match(internal.error.message, /template/);

    // cancelled: the caller aborts
    const ac = new AbortController();
    const cancelled = pw.run({ code: "import time\ntime.sleep(30)", signal: ac.signal });
    setTimeout(() => ac.abort(), 200); // queued, handed over or running: cancelled in each case
    assert.equal((await cancelled).error.type, "cancelled");

    await assert.rejects(pw.runOrThrow({ code: "raise KeyError('k')" }), (e) => {
      assert.ok(e instanceof PywardenRunError);
      assert.equal(e.code, "PYWARDEN_RUN");
      assert.equal(e.type, "exception");
      assert.equal(e.line, 1);
      assert.match(e.traceback, /KeyError/);
      assert.equal(e.result.ok, false);
      return true;
    });
    assert.deepEqual(await pw.runOrThrow({ code: "def main(i): return i", inputs: { a: [1] } }), { a: [1] });
    // host-side refusals reject, before anything is sent
    await assert.rejects(pw.run({ code: "result = 1", id: 7 }), /"id" is not a request key/);
    await assert.rejects(pw.run({ code: "result = 1", inputs: { x: NaN } }), TypeError);
  } finally {
    await pw.close();
  }
});

// serve answers a line it cannot read with "id": null, which no call can claim: the client
// must not send one. With one worker, two such calls used to hold both in-flight slots for good.
test("requests serve could not read are refused before they are sent, and the pool goes on", { timeout: 60000 }, async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    for (const req of [
      { code: "result = 1", inputs: { s: "a\uD800b" } },
      { code: "result = '\uDC00'" },
      { code: "result = 1", inputs: { ["k\uD83D"]: 1 } },
    ])
      await assert.rejects(pw.run(req), (e) => e instanceof TypeError && /lone UTF-16 surrogate/.test(e.message));
    assert.deepEqual((await pw.run({ code: "def main(i): return i['s']", inputs: { s: "pair \uD83D\uDE00" } })).result, "pair 😀");
    const big = await pw.run({ code: "result = 1", inputs: { s: "x".repeat(65 * 1024 * 1024) } });
    assert.equal(big.ok, false);
    assert.equal(big.error.type, "invalid_request");
    assert.match(big.error.message, /pywarden serve reads lines of at most 67108864/);
    const after = await Promise.all([1, 2, 3].map((n) => pw.run({ code: `result = ${n}` })));
    assert.deepEqual(after.map((r) => r.result), [1, 2, 3]);
  } finally {
    await pw.close();
  }
});
