// Hosts as an outside team writes them: an HTTP server evaluating formulas, a workflow
// engine, a render pipeline with MBs each way, a host whose event loop is busy, and hosts
// that end with runs in flight. Every answer is checked.
import test from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { Pywarden } from "pywarden";
import { BIN, alive, childrenOf, descendants, eventually, handedOver } from "./helpers.mjs";

const FORMULA = "def main(i):\n    return {'value': i['a'] * i['b'] + i['c'], 'id': i['id']}";

test("an HTTP server answers 60 concurrent formula requests on 2 workers; a client gone cancels its run", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 2 });
  const gone = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const inputs = JSON.parse(body);
    const ac = new AbortController();
    // the client hung up before its answer: its run is not worth finishing
    res.on("close", () => res.writableFinished || ac.abort());
    const code = inputs.slow ? "import time\nprint('working', flush=True)\ntime.sleep(30)" : FORMULA;
    const r = await pw.run({ code, inputs, signal: ac.signal, deadlineMs: 60000 });
    if (inputs.slow) gone.push(r);
    res.writeHead(r.ok ? 200 : 422, { "content-type": "application/json" });
    res.end(JSON.stringify(r.ok ? r.result : r.error));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    const post = (inputs, signal) => fetch(url, { method: "POST", body: JSON.stringify(inputs), signal });
    const hangUp = new AbortController();
    const slow = post({ slow: true }, hangUp.signal).catch((e) => e.name);
    const answers = await Promise.all(
      Array.from({ length: 60 }, async (_, id) => {
        const res = await post({ id, a: id, b: 3, c: 0.5 });
        return [res.status, await res.json()];
      }),
    );
    answers.forEach(([status, body], id) => assert.deepEqual([status, body], [200, { value: id * 3 + 0.5, id }]));
    hangUp.abort();
    assert.equal(await slow, "AbortError");
    assert.ok(await eventually(() => gone.length === 1, 20000), "the slow request's run was answered");
    assert.equal(gone[0].error.type, "cancelled");
    assert.equal(gone[0].stdout, "working\n", "it had started: the cancel killed it");
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await pw.close();
  }
});

test("a workflow engine runs items through code nodes in sequence, items in parallel; one failing item stops only itself", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 2 });
  const nodes = [
    "def main(i):\n    return {'words': i['text'].split()}",
    "def main(i):\n    if 'boom' in i['words']: raise ValueError('bad item')\n    return {'words': [w.upper() for w in i['words']]}",
    "def main(i):\n    return {'count': len(i['words']), 'first': i['words'][0]}",
  ];
  const flow = async (text) => {
    let data = { text };
    for (const code of nodes) {
      const r = await pw.run({ code, inputs: data, deadlineMs: 60000 });
      if (!r.ok) return { failed: r.error.type, message: r.error.message };
      data = r.result;
    }
    return data;
  };
  try {
    const texts = Array.from({ length: 12 }, (_, i) => (i === 5 ? "a boom here" : `item ${i} has words`));
    const out = await Promise.all(texts.map(flow));
    out.forEach((o, i) =>
      assert.deepEqual(o, i === 5 ? { failed: "exception", message: "ValueError: bad item" } : { count: 4, first: "ITEM" }),
    );
  } finally {
    await pw.close();
  }
});

test("a render pipeline sends and gets back MBs, two at once, and a render past its timeout keeps its log", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 2 });
  try {
    const scene = (seed) => Array.from({ length: 40000 }, (_, i) => ({ x: i, y: (i * seed) % 977, c: `#${(i * seed).toString(16).padStart(6, "0")}` }));
    const render = "def main(i):\n    return [f\"{p['x']},{p['y']},{p['c']}\" for p in i['scene']]";
    const scenes = [scene(7), scene(13)];
    const rs = await Promise.all(scenes.map((s) => pw.run({ code: render, inputs: { scene: s } })));
    rs.forEach((r, k) => {
      assert.equal(r.ok, true, JSON.stringify(r.error));
      assert.deepEqual(r.result, scenes[k].map((p) => `${p.x},${p.y},${p.c}`));
    });
    const late = await pw.run({ code: "import time\nprint('frame 1', flush=True)\ntime.sleep(30)", mode: "body", timeoutMs: 1500 });
    assert.equal(late.error.type, "timeout");
    assert.equal(late.stdout, "frame 1\n");
  } finally {
    await pw.close();
  }
});

test("a host whose event loop is busy for seconds gets every answer right", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 2 });
  try {
    const calls = Array.from({ length: 20 }, (_, i) => pw.run({ code: FORMULA, inputs: { id: i, a: i, b: i, c: 1 } }));
    const end = Date.now() + 1500;
    while (Date.now() < end); // answers pile up in the pipe meanwhile
    (await Promise.all(calls)).forEach((r, i) => assert.deepEqual(r.result, { value: i * i + 1, id: i }));
  } finally {
    await pw.close();
  }
});

test("a host busy right after an abort gets serve's answer, not 'did not answer its cancel'", async () => {
  const pw = await Pywarden.start({ binary: BIN, workers: 1 });
  try {
    const idle = descendants(pw.pid);
    const ac = new AbortController();
    const call = pw.run({ code: "import time\nprint('started', flush=True)\ntime.sleep(30)", mode: "body", signal: ac.signal });
    assert.ok(await handedOver(pw.pid, idle));
    const running = descendants(pw.pid);
    ac.abort();
    await new Promise((resolve) => setImmediate(resolve)); // the cancel line is written
    // then the host computes, reading nothing, past the client's 1 s wait: serve kills the
    // run (one of its processes goes) and answers meanwhile
    while (descendants(pw.pid).every((p) => running.includes(p)) && running.every((p) => alive(p)));
    const wait = Date.now() + 1500;
    while (Date.now() < wait);
    const r = await call;
    // before, the wait's timer ran before the pipe was read: "cancelled by the caller;
    // pywarden serve did not answer its cancel within 1000 ms", without the run's stdout
    assert.equal(r.error.type, "cancelled");
    assert.equal(r.error.message, "cancelled by the caller; the run was killed");
    // (its stdout is not checked: handed over, the run may be killed before its print)
  } finally {
    await pw.close();
  }
});

const HOST = fileURLToPath(new URL("../esm/index.mjs", import.meta.url));

test("a host that exits or is killed with runs in flight takes serve, runOnce's process and their runs with it", { timeout: 120000 }, async () => {
  for (const ending of ["process.exit(0)", "process.kill(process.pid, 'SIGKILL')"]) {
    const host = spawn(process.execPath, ["--input-type=module", "-e", `
      import { Pywarden, runOnce } from ${JSON.stringify(HOST)};
      const pw = await Pywarden.start({ workers: 2 });
      const code = "import time\\nprint('on', flush=True)\\ntime.sleep(25)";
      for (let i = 0; i < 3; i++) pw.run({ code });
      runOnce({ code, timeoutMs: 30000 });
      console.log(pw.pid);
      setTimeout(() => ${ending}, 3000);`], { env: { ...process.env, PYWARDEN_BIN: BIN }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    host.stdout.on("data", (c) => (out += c));
    const servePid = Number(await eventually(() => out.trim(), 30000));
    // serve's runs are forked, and so is runOnce's (a child of its pywarden run)
    const tree = await eventually(() => {
      const cold = childrenOf(host.pid).filter((p) => p !== servePid);
      const ready = descendants(servePid).length >= 4 && cold.length === 1 && childrenOf(cold[0]).length > 0;
      return ready ? [servePid, ...descendants(servePid), ...cold, ...descendants(cold[0])] : null;
    }, 30000);
    assert.ok(tree, `${ending}: serve and pywarden run forked their runs`);
    await new Promise((resolve) => host.on("exit", resolve));
    // before, runOnce's pywarden run and its run went on to the run's end (25 s here)
    assert.ok(await eventually(() => tree.every((p) => !alive(p)), 10000), `${ending}: left ${tree.filter(alive)}`);
  }
});
