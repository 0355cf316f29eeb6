// Without the binary: the exact JSON reader and writer, and the package entry points.
import test from "node:test";
import assert from "node:assert/strict";
import { parseExact, stringifyExact, JsonNumber } from "pywarden";

test("integers beyond 2**53 arrive exact in each bigint mode", () => {
  const text = '{"a":18446744073709551616,"b":-1180591620717411303424,"c":9007199254740991,"d":1.5}';
  assert.deepEqual(parseExact(text, "bigint"), { a: 2n ** 64n, b: -(2n ** 70n), c: 2 ** 53 - 1, d: 1.5 });
  assert.deepEqual(parseExact(text, "string"), {
    a: "18446744073709551616",
    b: "-1180591620717411303424",
    c: 2 ** 53 - 1,
    d: 1.5,
  });
  assert.deepEqual(parseExact(text, "number"), JSON.parse(text));
});

test("numbers beyond a double stay as their text", () => {
  const v = parseExact("[1e400, -2.5E+999, 1e-400, 0e-999, 0.30000000000000004]", "bigint");
  assert.ok(v[0] instanceof JsonNumber && v[0].text === "1e400");
  assert.equal(v[1].text, "-2.5E+999");
  assert.equal(v[2].text, "1e-400");
  assert.equal(v[3], 0);
  assert.equal(v[4], 0.1 + 0.2);
  assert.deepEqual(parseExact("[1e400]", "string"), ["1e400"]);
  assert.deepEqual(parseExact("[1e400]", "number"), [Infinity]);
});

// BigInt() of digits grows with their square: 16 million digits held the event loop 8-18 s
test("integers of more than 4300 digits stay as their text, so reading them is quick", () => {
  const most = "7".repeat(4300), over = "7".repeat(4301);
  const v = parseExact(`[${most}, -${most}, ${over}, -${over}]`, "bigint");
  assert.equal(v[0], BigInt(most));
  assert.equal(v[1], -BigInt(most));
  assert.ok(v[2] instanceof JsonNumber && v[2].text === over);
  assert.equal(v[3].text, `-${over}`);
  const started = performance.now();
  const huge = parseExact(`{"n": ${"9".repeat(16_000_000)}}`, "bigint");
  assert.equal(huge.n.text.length, 16_000_000);
  assert.equal(stringifyExact(huge).length, 16_000_006); // it goes back out as it came
  assert.ok(performance.now() - started < 5000, `${performance.now() - started} ms`);
});

test("the reader reads what JSON.parse reads and refuses what it refuses", () => {
  const text = '{"s":"a\\"b\\u00e9\\ud83d\\ude00","n":[true,false,null,{}],"__proto__":12345678901234567890}';
  const v = parseExact(text, "bigint");
  assert.equal(v.s, 'a"bé😀');
  assert.deepEqual(v.n, [true, false, null, {}]);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(v, "__proto__").value, 12345678901234567890n);
  for (const bad of ['{"a":1,}', "[01]", '"\t"', "[1] x", "12345678901234567890 1", '{"a" 1}', "tru"])
    assert.throws(() => parseExact(bad, "bigint"), SyntaxError, bad);
});

test("the writer sends BigInt and JsonNumber exactly and refuses what JSON has not", () => {
  const v = { a: 2n ** 64n, b: [-(2n ** 70n), new JsonNumber("1e400")], u: undefined, f() {}, s: "é\n" };
  assert.equal(stringifyExact(v), '{"a":18446744073709551616,"b":[-1180591620717411303424,1e400],"s":"é\\n"}');
  assert.equal(stringifyExact([undefined, new Date(0)]), '[null,"1970-01-01T00:00:00.000Z"]');
  assert.throws(() => stringifyExact({ x: NaN }), TypeError);
  assert.throws(() => stringifyExact({ s: "\uDFFF" }), /the string at s holds a lone UTF-16 surrogate/);
  assert.throws(() => stringifyExact({ ["\uD800"]: 1 }), /a key holds a lone UTF-16 surrogate/);
  assert.equal(stringifyExact("\uD83D\uDE00"), '"😀"');
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => stringifyExact(cyclic), /cyclic/);
  assert.throws(() => new JsonNumber("1e"), TypeError);
});

// A host filling rows[i] out of order leaves holes; boxed primitives come from old code.
test("the writer writes what JSON.stringify writes: holes are null, boxed values unwrapped", () => {
  const sparse = ["a", , "c"]; // eslint-disable-line no-sparse-arrays
  for (const v of [sparse, new Array(3), { n: new Number(5), s: new String("Ada"), b: new Boolean(false) }])
    assert.equal(stringifyExact(v), JSON.stringify(v));
  assert.equal(stringifyExact([Object(2n ** 64n)]), "[18446744073709551616]");
});

// JSON.stringify sends both as {}: a workflow node's lookup table would reach Python empty
test("the writer refuses a Map or a Set rather than send it empty, naming where and what to pass", () => {
  assert.throws(() => stringifyExact({ inputs: { m: new Map([["a", 1]]) } }), {
    name: "TypeError",
    message: "a Map at m is not JSON (JSON.stringify would send it as {}): pass Object.fromEntries(map)",
  });
  assert.throws(() => stringifyExact([new Set([1])]), {
    name: "TypeError",
    message: "a Set at 0 is not JSON (JSON.stringify would send it as {}): pass Array.from(set)",
  });
  class Lookup extends Map {
    toJSON() {
      return Object.fromEntries(this);
    }
  }
  assert.equal(stringifyExact({ m: new Lookup([["a", 1]]) }), '{"m":{"a":1}}'); // its own toJSON is used
});

// serve cannot read them and answers without the call's id: refused before they are sent
test("the writer refuses keys holding U+0000 and nesting deeper than serve reads", () => {
  assert.throws(() => stringifyExact({ inputs: { "a\u0000b": 1 } }), /a key holds U\+0000/);
  assert.equal(stringifyExact({ s: "a\u0000b" }), '{"s":"a\\u0000b"}'); // in a string it is fine
  let deep = 1;
  for (let i = 0; i < 999; i++) deep = [deep];
  assert.equal(stringifyExact([deep]).length, 2 * 1000 + 1); // 1000 levels
  assert.throws(() => stringifyExact([[deep]]), /nested deeper than 1000 levels/);
});

// It writes through JSON.stringify (10-60x faster than a walk of its own: 11.6 MB of inputs held
// the event loop for 1.6 s) and lets the walk decide only what that cannot vouch for.
test("the writer's fast path writes what its careful walk writes", () => {
  const rows = Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `row ${i}`, price: i / 3, ok: i % 2 === 0, tags: [i, null] }));
  const cases = [
    rows,
    { big: [2n ** 64n, -(2n ** 70n)], exact: new JsonNumber("0.1000000000000000055511151231257827"), date: new Date(5) },
    { s: "a \\ud800 written as text, \\\\ud800 too, and 😀", k: { "\\ud800": "x" } },
    { mark: "\uE000abc:0", n: [0, -0, 1e-7, 1e21, Number.MAX_SAFE_INTEGER], u: undefined, f() {} },
    [new Number(1), new String("s"), new Boolean(true), Object(5n), , undefined], // eslint-disable-line no-sparse-arrays
    { toJSON: () => ({ a: 1n }) },
    "top",
    7n,
  ];
  for (const v of cases) {
    // U+0000 in a string sends the whole value through the walk (only keys may not hold it)
    assert.equal(stringifyExact({ v, z: "\u0000" }), `{"v":${stringifyExact(v)},"z":"\\u0000"}`);
  }
  assert.equal(stringifyExact(rows), JSON.stringify(rows));
  assert.equal(stringifyExact({ a: 1n, b: [2n, { c: 3n }] }), '{"a":1,"b":[2,{"c":3}]}');
  // a BigInt.prototype.toJSON polyfill: JSON.stringify would send the digits as a string
  BigInt.prototype.toJSON = function () {
    return this.toString();
  };
  try {
    assert.equal(stringifyExact({ n: 2n ** 64n }), '{"n":18446744073709551616}');
  } finally {
    delete BigInt.prototype.toJSON;
  }
  const odd = new Number(1);
  odd[Symbol.toPrimitive] = () => NaN; // JSON.stringify would send null; the walk its valueOf
  assert.equal(stringifyExact([odd]), "[1]");
});

test("the ESM and CommonJS entry points export the same classes", async () => {
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  for (const name of ["pywarden", "pywarden/compat"]) {
    const cjs = require(name);
    const esm = await import(name);
    assert.deepEqual(Object.keys(esm).filter((k) => k !== "default").sort(), Object.keys(cjs).sort(), name);
    for (const k of Object.keys(cjs)) assert.equal(esm[k], cjs[k], `${name}: ${k} is one object`);
  }
});
