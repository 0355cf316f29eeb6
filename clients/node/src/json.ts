// Exact JSON both ways. pywarden keeps every number's text (integers of any size, floats
// as Python's repr), but JSON.parse turns 2**64 into 18446744073709552000. The reader here
// keeps what a JS number cannot hold; the writer sends BigInt and JsonNumber values as
// their digits. Both follow RFC 8259; neither runs user code except toJSON, as
// JSON.stringify does.

/** How numbers a JS `number` cannot hold exactly arrive (see README "From Node.js"). */
export type BigIntMode = "bigint" | "string" | "number";

/** A JSON number kept as its text: what `bigint` mode gives for values outside the double
 * range (`1e400`), and a way to send any number exactly. */
export class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    if (!NUMBER.test(text)) throw new TypeError(`not a JSON number: ${JSON.stringify(text)}`);
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
/** Integers of more digits arrive as JsonNumber in "bigint" mode (CPython's default
 * sys.get_int_max_str_digits(): python3 refuses to print or read longer ones). */
export const BIGINT_MAX_DIGITS = 4300;
// Text JSON.parse reads exactly: no run of 16+ digits (unsafe integers start at 2**53, 16
// digits) and no 3-digit exponent (overflow, underflow). A string holding such digits only
// costs the slow path.
const LOSSY = /[0-9]{16}|[eE][+-]?[0-9]{3}/;

/** Parses JSON text, keeping numbers exact as `mode` says. Throws SyntaxError. */
export function parseExact(text: string, mode: BigIntMode = "bigint"): unknown {
  if (mode === "number" || !LOSSY.test(text)) return JSON.parse(text);
  return new Reader(text, mode).document();
}

class Reader {
  private pos = 0;
  constructor(
    private readonly s: string,
    private readonly mode: BigIntMode,
  ) {}

  document(): unknown {
    const v = this.value();
    this.space();
    if (this.pos !== this.s.length) this.fail("unexpected text after the value");
    return v;
  }

  private fail(why: string): never {
    throw new SyntaxError(`bad JSON at offset ${this.pos}: ${why}`);
  }

  private space(): void {
    const s = this.s;
    let c;
    while ((c = s.charCodeAt(this.pos)) === 32 || c === 10 || c === 13 || c === 9) this.pos++;
  }

  private value(): unknown {
    this.space();
    const c = this.s[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const [word, v] of WORDS)
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    return this.fail("expected a value");
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.space();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.s[this.pos] !== '"') this.fail("expected a key");
      const key = this.string();
      this.space();
      if (this.s[this.pos++] !== ":") this.fail("expected ':'");
      // defineProperty: a "__proto__" key is data, as with JSON.parse
      Object.defineProperty(out, key, {
        value: this.value(),
        writable: true,
        enumerable: true,
        configurable: true,
      });
      this.space();
      const c = this.s[this.pos++];
      if (c === "}") return out;
      if (c !== ",") this.fail("expected ',' or '}'");
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.space();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.space();
      const c = this.s[this.pos++];
      if (c === "]") return out;
      if (c !== ",") this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const start = this.pos;
    let escaped = false;
    for (let i = start + 1; i < this.s.length; i++) {
      const c = this.s.charCodeAt(i);
      if (c === 92 /* \ */) {
        escaped = true;
        i++;
      } else if (c === 34 /* " */) {
        this.pos = i + 1;
        // JSON.parse validates escapes and control characters of the slice
        return escaped ? JSON.parse(this.s.slice(start, i + 1)) : this.checked(start + 1, i);
      }
    }
    return this.fail("unterminated string");
  }

  private checked(from: number, to: number): string {
    const text = this.s.slice(from, to);
    for (let i = 0; i < text.length; i++)
      if (text.charCodeAt(i) < 32) this.fail("control character in a string");
    return text;
  }

  private number(): number | bigint | string | JsonNumber {
    const m = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.s);
    if (!found) return this.fail("bad number");
    this.pos = m.lastIndex;
    const text = found[0];
    const n = Number(text);
    const integer = found[1] === undefined && found[2] === undefined;
    if (integer) {
      if (Number.isSafeInteger(n)) return n;
      if (this.mode !== "bigint") return text;
      // BigInt() of digits takes time growing with their square, on the event loop: one
      // run's 16-million-digit result held every other call for seconds. Past CPython's own
      // limit for int <-> str it stays text, as numbers beyond a double do.
      return text.length - (text[0] === "-" ? 1 : 0) > BIGINT_MAX_DIGITS ? new JsonNumber(text) : BigInt(text);
    }
    if (Number.isFinite(n) && (n !== 0 || !/[1-9]/.test(text.split(/[eE]/)[0]))) return n;
    return this.mode === "bigint" ? new JsonNumber(text) : text;
  }
}

const WORDS: [string, unknown][] = [
  ["true", true],
  ["false", false],
  ["null", null],
];

// A UTF-16 surrogate that is not half of a pair: JSON.stringify writes it as an escape that
// no UTF-8 text can hold, and pywarden refuses such a line.
const LONE_SURROGATE = /\p{Cs}/u;

function text(s: string, where: string): string {
  if (LONE_SURROGATE.test(s))
    throw new TypeError(`${where} holds a lone UTF-16 surrogate, which is not text: pywarden reads UTF-8`);
  return JSON.stringify(s);
}

// pywarden parses JSON nested up to this many arrays and objects (cJSON's limit): a deeper
// line is answered without its id, which would leave the call unanswered.
const MAX_DEPTH = 1000;

/** JSON text of value, as JSON.stringify (holes in arrays are null, boxed primitives are
 * their values), with BigInt and JsonNumber values written as their exact digits. Throws
 * TypeError for NaN and ±Infinity (JSON has no such numbers; JSON.stringify would quietly
 * send null), for a Map or a Set without toJSON (it would send {}), for strings with a lone
 * surrogate, for keys holding U+0000 and for nesting deeper than 1000 levels: pywarden cannot
 * read those. */
export function stringifyExact(value: unknown): string {
  // JSON.stringify's own walk is 10-60x faster than write()'s (a 10 MB input held the event
  // loop for seconds): it writes whatever write() would, and anything it cannot vouch for
  // (a value refused, nesting past MAX_DEPTH, a lone surrogate) goes to write(), which says
  // where. A value's toJSON or getters may then be called twice.
  const fast = native(value);
  if (fast !== undefined) return fast;
  const out: string[] = [];
  write(value, out, "", new Set());
  return out.join("");
}

class Refused extends Error {}

// A lone surrogate as JSON.stringify escapes it, not preceded by a backslash of the text's own.
const ESCAPED_SURROGATE = /(?<!\\)(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;

/** stringifyExact by JSON.stringify, or undefined where write() must decide (and explain):
 * a value refused, nesting past MAX_DEPTH, a lone surrogate, or U+0000 anywhere (only keys
 * may not hold it, and the text no longer says which strings were keys). */
function native(value: unknown): string | undefined {
  // JSON.stringify calls a toJSON of BigInt primitives (a common polyfill) that write() never
  // calls: the digits would go as a string, or rounded
  if (typeof (BigInt.prototype as { toJSON?: unknown }).toJSON === "function") return undefined;
  const exact: string[] = []; // BigInt and JsonNumber digits, each sent as a marked string first
  const mark = `\uE000${Math.random().toString(36).slice(2)}:`;
  const open: unknown[] = []; // the objects being written, outermost first
  const replacer = function (this: unknown, _key: string, v: unknown): unknown {
    switch (typeof v) {
      case "number":
        if (!Number.isFinite(v)) throw new Refused();
        return v;
      case "bigint":
        exact.push(v.toString());
        return mark + (exact.length - 1);
      case "object":
        if (v === null) return v;
        if (v instanceof JsonNumber || v instanceof BigInt) {
          exact.push(v instanceof JsonNumber ? v.text : v.toString());
          return mark + (exact.length - 1);
        }
        // Number(v): JSON.stringify converts a boxed number so, Symbol.toPrimitive included
        if (v instanceof Map || v instanceof Set || (v instanceof Number && !Number.isFinite(Number(v))))
          throw new Refused();
        while (open.length && open[open.length - 1] !== this) open.pop();
        if (open.length >= MAX_DEPTH) throw new Refused();
        open.push(v);
        return v;
      default:
        return v;
    }
  };
  let text: string | undefined;
  try {
    text = JSON.stringify(value, replacer);
  } catch (e) {
    if (e instanceof Refused || (e instanceof TypeError && /circular/i.test(e.message))) return undefined;
    throw e; // a toJSON or getter of the caller's threw: write() would throw it too
  }
  if (text === undefined || text.includes("\\u0000")) return undefined;
  if (text.includes("\\ud") && ESCAPED_SURROGATE.test(text)) return undefined;
  if (!exact.length) return text;
  return text.replace(new RegExp(`"${mark}(\\d+)"`, "g"), (_, i: string) => exact[Number(i)]);
}

function write(value: unknown, out: string[], key: string, open: Set<object>): boolean {
  if (value !== null && typeof value === "object" && typeof (value as any).toJSON === "function")
    value = (value as any).toJSON(key);
  if (value instanceof Number || value instanceof String || value instanceof Boolean)
    value = value.valueOf();
  else if (value instanceof BigInt) value = value.valueOf();
  switch (typeof value) {
    case "bigint":
      out.push(value.toString());
      return true;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${value} at ${key || "the top"} is not JSON`);
      out.push(JSON.stringify(value));
      return true;
    case "string":
      out.push(text(value, `the string at ${key || "the top"}`));
      return true;
    case "boolean":
      out.push(JSON.stringify(value));
      return true;
    case "object":
      break;
    default:
      return false; // undefined, functions, symbols: skipped, as JSON.stringify does
  }
  if (value === null) {
    out.push("null");
    return true;
  }
  if (value instanceof JsonNumber) {
    out.push(value.text);
    return true;
  }
  // JSON.stringify sends them as {}, their contents lost without a word
  if (value instanceof Map || value instanceof Set) {
    const [kind, pass] = value instanceof Map ? ["Map", "Object.fromEntries(map)"] : ["Set", "Array.from(set)"];
    throw new TypeError(`a ${kind} at ${key || "the top"} is not JSON (JSON.stringify would send it as {}): pass ${pass}`);
  }
  if (open.has(value)) throw new TypeError(`cyclic value at ${key || "the top"} is not JSON`);
  if (open.size >= MAX_DEPTH)
    throw new TypeError(`the value at ${key} is nested deeper than ${MAX_DEPTH} levels, which pywarden does not read`);
  open.add(value);
  if (Array.isArray(value)) {
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i) out.push(",");
      if (!write(value[i], out, String(i), open)) out.push("null"); // a hole too
    }
    out.push("]");
  } else {
    out.push("{");
    let first = true;
    for (const k of Object.keys(value)) {
      if (k.includes("\0"))
        throw new TypeError(`a key holds U+0000 (${JSON.stringify(k)}), which pywarden does not read`);
      const mark = out.length;
      out.push(first ? "" : ",", text(k, "a key"), ":");
      if (write((value as Record<string, unknown>)[k], out, k, open)) first = false;
      else out.length = mark;
    }
    out.push("}");
  }
  open.delete(value);
  return true;
}
