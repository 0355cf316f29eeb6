// Pywarden: one `pywarden serve` child, NDJSON over its stdin/stdout, promises per call.
// Calls wait in a client-side queue and at most 2 × workers are sent at once: serve's own
// queue then never fills, so its reader never blocks and a {"cancel": id} line is read at
// once; queued calls can be dropped without a round trip.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as os from "node:os";
import { findBinary, missingDirectory } from "./binary";
import { PywardenClosedError, PywardenRunError, PywardenServerError } from "./errors";
import { AbortWatch } from "./abort";
import { parseExact, stringifyExact, type BigIntMode } from "./json";
import { checkBigInt, checkEnv, checkInteger, checkSignal } from "./options";
import { cancelledResult, deadlineError, deadlineResult, hostFailure, LONGEST_TIMER_MS, wantsDeadline, wireRequest } from "./request";
import type { JsonValue, PolicyObject, RunRequest, RunResult } from "./types";

export interface StartOptions {
  /** path or name of the pywarden binary (else PYWARDEN_BIN, else PATH) */
  binary?: string;
  /** concurrent runs (`--workers`); default: the number of CPUs, at most 128 */
  workers?: number;
  /** policy for requests that name none (`--policy`): a name, a path or an object */
  policy?: string | PolicyObject;
  /** variables added to the environment of `pywarden serve` (runs get only the policy's);
   * undefined unsets one, as in process.env; a value holding U+0000 is a TypeError */
  env?: Record<string, string | undefined>;
  /** working directory of `pywarden serve`: the default `workDir` of requests */
  cwd?: string;
  /** how integers outside ±(2**53 - 1) (and numbers beyond a double) arrive; default "bigint" */
  bigint?: BigIntMode;
  /** `--grace-ms` of serve: how long its runs may finish when serve itself gets SIGTERM; an
   * integer from 0 to 3600000 (serve's default: 2000) */
  graceMs?: number;
  /** `--allow-policies`: the policies requests may name */
  allowPolicies?: string[];
  /** `--allow-inline-policies`: let requests carry policy objects and paths */
  allowInlinePolicies?: boolean;
  /** `--work-root`: a request's workDir (and so its script) must be this directory or beneath
   * it (a relative one is taken from it), and is it when the request names none */
  workRoot?: string;
  /** how long serve may take to answer its first request, at start and at each restart
   * (then it is killed and the start has failed); default 30000 */
  startTimeoutMs?: number;
  /** restarts after serve exits: `retries` failed starts in a row before giving up,
   * waiting minDelayMs, doubling up to maxDelayMs (defaults 5, 100, 5000) */
  restart?: { retries?: number; minDelayMs?: number; maxDelayMs?: number };
}

interface Call {
  id: number;
  req: RunRequest;
  line: string; // the request as it was when run() was called, as serve reads it
  resolve(r: RunResult): void;
  reject(e: Error): void;
  server?: Server; // set once sent
  written?: boolean; // its line's write finished (or failed: then it never reached serve)
  cancelSent: boolean;
  deadlineHit: boolean;
  settled?: boolean; // its promise is settled; it may still hold a place in serve until answered
  timer?: NodeJS.Timeout;
}

/** How long serve may take to answer a cancel line before the call is settled without it
 * (serve stopped or wedged): a deadline or an abort must end the call whatever serve does. */
const CANCEL_ANSWER_MS = 1000;

/** Calls waiting in the client, in order. One cancelled is only marked and skipped when its
 * turn comes: taken out of an array (indexOf, splice) it cost O(n), and aborting 20 000
 * queued calls at once held the event loop for seconds. */
class CallQueue {
  private items: (Call | undefined)[] = [];
  private head = 0;
  private readonly waiting = new Set<Call>();

  get length(): number {
    return this.waiting.size;
  }

  push(call: Call): void {
    this.waiting.add(call);
    this.items.push(call);
  }

  /** Puts a call back first (it was sent to a serve that never read it). */
  unshift(call: Call): void {
    this.waiting.add(call);
    if (this.head) this.items[--this.head] = call;
    else this.items.unshift(call);
  }

  shift(): Call | undefined {
    while (this.head < this.items.length) {
      const call = this.items[this.head];
      this.items[this.head++] = undefined;
      if (call && this.waiting.delete(call)) {
        this.compact();
        return call;
      }
    }
    this.compact();
    return undefined;
  }

  /** Whether the call was waiting (and is no longer). */
  delete(call: Call): boolean {
    if (!this.waiting.delete(call)) return false;
    this.compact();
    return true;
  }

  /** Every waiting call, in order; the queue is left empty. */
  drain(): Call[] {
    const calls = this.items.slice(this.head).filter((c): c is Call => !!c && this.waiting.has(c));
    this.items = [];
    this.head = 0;
    this.waiting.clear();
    return calls;
  }

  private compact(): void {
    if (!this.waiting.size) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

const DEFAULT_START_TIMEOUT_MS = 30000;
/** How long serve may live on after its stdout ended before it is taken for wedged. */
const STDOUT_END_MS = 100;
const STDERR_TAIL = 8192;
const PROBE_ID = 0;
const MAX_LINE_BYTES = 64 * 1024 * 1024; // serve.c's MAX_LINE
// serve's answers once it is stopping (serve.c, pool.c); group 1: the run had started
const SHUTTING_DOWN = /^cancelled: pywarden (?:serve )?is shutting down( and killed the run)?$/;

// Sent, unanswered: serve may have died before it read the line, or during the run.
const lostInFlight = (why: string) =>
  hostFailure({ type: "internal", message: `${why} before answering the call (it may or may not have run)` });

/** A call whose cancel line serve did not answer within CANCEL_ANSWER_MS. */
function unconfirmedCancel(call: Call): RunResult {
  const late = `pywarden serve did not answer its cancel within ${CANCEL_ANSWER_MS} ms`;
  return call.deadlineHit
    ? hostFailure({
        type: "timeout",
        message: `deadlineMs (${call.req.deadlineMs} ms) passed; ${late}`,
        timeout_ms: call.req.deadlineMs!,
      })
    : hostFailure({ type: "cancelled", message: `cancelled by the caller; ${late}` });
}

/** Throws TypeError for an option serve or spawn would refuse, before any process. */
function checkStart(opts: StartOptions): void {
  checkInteger("workers", opts.workers, 1, 128);
  checkInteger("graceMs", opts.graceMs, 0, 3600000);
  checkBigInt(opts.bigint);
  checkEnv(opts.env);
  const ms = opts.startTimeoutMs;
  if (ms !== undefined && !(typeof ms === "number" && ms > 0))
    throw new TypeError(`startTimeoutMs must be a number of milliseconds > 0, not ${String(ms)}`);
  if (opts.policy !== undefined) policyArg(opts.policy);
}

function policyArg(policy: string | PolicyObject): string {
  if (typeof policy === "string") return policy;
  try {
    return stringifyExact(policy);
  } catch (e) {
    throw e instanceof TypeError ? new TypeError(`policy: ${e.message}`) : e;
  }
}

/** One `pywarden serve` process and the calls it holds. */
class Server {
  readonly child: ChildProcessWithoutNullStreams;
  readonly inFlight = new Map<number, Call>();
  stderrTail = "";
  private parts: string[] = [];
  private exit?: string;
  private stdoutEnded = false;
  private fault?: string;
  private goneFired = false;
  inputEnded = false;
  lostWhy?: string; // set once its exit was seen
  // takes no more lines: a write found its stdin closed (it has died, exit not seen yet),
  // or it answered that it is shutting down (SIGTERM: it reads no more requests)
  deaf = false;

  constructor(
    binary: string,
    args: string[],
    opts: StartOptions,
    private readonly onAnswer: (server: Server, answer: Record<string, unknown>) => void,
    private readonly onGone: (server: Server, why: string) => void,
  ) {
    this.child = spawn(binary, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
      // A process group of its own: a terminal's Ctrl-C (SIGINT to the host's group) is the
      // host's to handle; close() still lets serve's runs finish. serve ends when the host
      // does (EOF on its stdin), detached or not.
      detached: true,
    });
    this.child.on("error", (e) => this.gone(`cannot run ${binary}: ${e.message}`, true));
    // out of fds (EMFILE, ENFILE), Node made no pipes: its 'error' event, next tick, says so
    if (!this.child.stdin) {
      this.inputEnded = true;
      return;
    }
    this.child.on("exit", (code, signal) => {
      this.exit = signal ? `killed by ${signal}` : `exit status ${code}`;
      if (this.fault && signal === "SIGKILL") this.exit = `${this.fault}; the client killed it`;
      if (this.stdoutEnded) this.gone(`pywarden serve exited (${this.exit})`);
    });
    this.child.stdin.on("error", () => {}); // EPIPE when serve died: its exit settles the calls
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => this.onData(chunk));
    this.child.stdout.on("end", () => {
      this.stdoutEnded = true;
      if (this.exit) this.gone(`pywarden serve exited (${this.exit})`);
      // Alive with no way to answer, its calls would wait for good. A dying serve's end comes
      // just before its exit is seen: the pipe is read (setImmediate) before it is judged.
      else setTimeout(() => setImmediate(() => this.exit || this.kill("it closed its stdout")), STDOUT_END_MS).unref();
    });
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
  }

  private gone(why: string, force = false): void {
    if (this.goneFired || (!force && !this.exit)) return;
    this.goneFired = true;
    this.onGone(this, why);
  }

  received = 0; // characters read from its stdout: whether it is still writing

  private onData(chunk: string): void {
    this.received += chunk.length;
    let start = 0;
    for (let nl; (nl = chunk.indexOf("\n", start)) >= 0; start = nl + 1) {
      const piece = chunk.slice(start, nl);
      const line = this.parts.length ? this.parts.join("") + piece : piece;
      this.parts.length = 0;
      if (line) this.onAnswer(this, this.parse(line));
    }
    if (start < chunk.length) this.parts.push(chunk.slice(start));
  }

  mode: BigIntMode = "bigint";
  private parse(line: string): Record<string, unknown> {
    let answer: unknown;
    try {
      answer = parseExact(line, this.mode);
    } catch {
      answer = undefined;
    }
    if (answer !== null && typeof answer === "object" && !Array.isArray(answer)) return answer as Record<string, unknown>;
    // serve writes only JSON objects; anything else means the stream is not serve's
    this.kill("it wrote a line that is not an answer");
    return { id: null };
  }

  /** done(failed) once the write has ended (failed: the line never reached serve, EPIPE:
   * it had died already). */
  write(line: string, done?: (failed: boolean) => void): void {
    if (!this.inputEnded) this.child.stdin.write(line + "\n", (e) => done?.(!!e));
    else done?.(true);
  }

  private cancels: number[] = [];
  /** A cancel line, written with the others of this tick in one write, the latest call's
   * first: a worker freed by killing an earlier call's run could otherwise start (and even
   * finish) a later call that serve still held queued before it read that call's cancel. */
  cancel(id: number): void {
    if (this.cancels.push(id) > 1) return;
    queueMicrotask(() => {
      const ids = this.cancels.splice(0).sort((a, b) => b - a);
      this.write(ids.map((i) => `{"cancel":${i}}`).join("\n"));
    });
  }

  endInput(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    this.child.stdin.end();
  }

  /** fault: why the client kills a serve that is still running (said in its calls' answers). */
  kill(fault?: string): void {
    if (!this.exit) this.fault ??= fault;
    this.child.kill("SIGKILL");
  }

  /** Lets the host exit while nothing is pending (serve then sees EOF and exits). */
  hold(busy: boolean): void {
    const streams = [this.child.stdin, this.child.stdout, this.child.stderr] as unknown as {
      ref(): void;
      unref(): void;
    }[];
    if (busy) this.child.ref();
    else this.child.unref();
    for (const s of streams) busy ? s.ref() : s.unref();
  }
}

/** A warm pool: one `pywarden serve` process shared by every call. */
export class Pywarden {
  private server?: Server;
  private readonly queue = new CallQueue();
  private readonly aborts = new AbortWatch<Call>();
  private nextId = 1;
  private closing?: Promise<void>;
  private killed = false;
  private broken?: PywardenServerError;
  private failedStarts = 0;
  private restartTimer?: NodeJS.Timeout;
  private launching = false; // a serve is starting (between its spawn and its probe's answer)
  private starting?: Server; // that serve: kill() ends it too
  private closed?: () => void;
  private readonly limit: number;
  readonly workers: number;

  private constructor(
    private readonly binary: string,
    private readonly opts: StartOptions,
  ) {
    const { workers } = opts;
    // os.availableParallelism is Node >= 18.14; engines says >= 18
    this.workers = workers ?? Math.min(os.availableParallelism?.() ?? (os.cpus().length || 1), 128);
    this.limit = 2 * this.workers;
  }

  /** Starts `pywarden serve` and resolves once it has answered a first request. Rejects
   * with PywardenNotFoundError or PywardenServerError. */
  static async start(opts: StartOptions = {}): Promise<Pywarden> {
    checkStart(opts);
    const missing = missingDirectory(opts.cwd);
    if (missing) throw missing;
    const pw = new Pywarden(findBinary(opts.binary, { ...process.env, ...opts.env }), opts);
    await pw.launch();
    pw.update();
    return pw;
  }

  private args(): string[] {
    const o = this.opts;
    const a = ["serve", "--workers", String(this.workers)];
    if (o.policy !== undefined) a.push("--policy", policyArg(o.policy));
    if (o.graceMs !== undefined) a.push("--grace-ms", String(o.graceMs));
    if (o.allowPolicies) a.push("--allow-policies", o.allowPolicies.join(","));
    if (o.allowInlinePolicies) a.push("--allow-inline-policies");
    if (o.workRoot !== undefined) a.push("--work-root", o.workRoot);
    return a;
  }

  /** Spawns serve and waits for its answer to a trivial request, for startTimeoutMs at most
   * (then it is killed: a start that failed). */
  private launch(): Promise<void> {
    this.launching = true;
    return new Promise<void>((resolve, reject) => {
      let state: "probing" | "up" | "failed" = "probing";
      let timer: NodeJS.Timeout | undefined;
      const server = new Server(
        this.binary,
        this.args(),
        this.opts,
        (s, answer) => {
          if (state === "probing" && answer.id === PROBE_ID) {
            state = "up";
            clearTimeout(timer);
            this.server = s;
            if (this.killed) s.kill(); // pw.kill() came while it was starting
            resolve();
          } else if (state === "up") {
            this.answered(s, answer);
          }
        },
        (s, why) => {
          if (state === "up") return this.lost(s, why);
          if (state === "failed") return; // timed out: rejected already
          state = "failed";
          clearTimeout(timer);
          reject(new PywardenServerError(`${why} while starting`, s.stderrTail));
        },
      );
      this.starting = server;
      const ms = this.opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
      if (ms <= LONGEST_TIMER_MS)
        timer = setTimeout(() => {
          if (state !== "probing") return;
          state = "failed";
          server.kill();
          reject(new PywardenServerError(`pywarden serve did not answer within ${ms} ms (startTimeoutMs) while starting`, server.stderrTail));
        }, ms);
      server.mode = this.opts.bigint ?? "bigint";
      server.write(`{"id":${PROBE_ID},"code":"result = 1"}`);
    }).finally(() => {
      this.launching = false;
      this.starting = undefined;
    });
  }

  /** Runs one request. Resolves with the result object, ok or not; rejects only for host
   * failures (closed, serve could not be restarted, a request that is not JSON). */
  run<T = JsonValue>(req: RunRequest): Promise<RunResult<T>> {
    return new Promise<RunResult<T>>((resolve, reject) => {
      if (this.closing) throw new PywardenClosedError();
      if (this.broken) throw this.broken;
      // Captured now (as fetch takes a body): inputs changed later do not change the call. Throws
      // TypeError for what JSON cannot carry, to this caller.
      const id = this.nextId++;
      const line = wireRequest(req, { id });
      const bytes = Buffer.byteLength(line);
      const call: Call = {
        id,
        req,
        line,
        resolve: resolve as (r: RunResult) => void,
        reject,
        cancelSent: false,
        deadlineHit: false,
      };
      // serve would answer a longer line without its id, which no call could match
      if (bytes > MAX_LINE_BYTES - 32)
        return resolve(
          hostFailure({
            type: "invalid_request",
            message: `the request is ${bytes} bytes of JSON; pywarden serve reads lines of at most ${MAX_LINE_BYTES}`,
          }) as RunResult<T>,
        );
      const { signal, deadlineMs } = req;
      checkSignal(signal);
      const timed = wantsDeadline(deadlineMs);
      if (signal?.aborted) return resolve(cancelledResult() as RunResult<T>);
      // a deadline of 0 has passed already: the code must not start (a timer fires too late)
      if (timed && deadlineMs === 0) return resolve(deadlineResult(0, false) as RunResult<T>);
      if (signal) this.aborts.add(signal, call, (c) => this.cancel(c, false));
      if (timed) call.timer = setTimeout(() => this.cancel(call, true), deadlineMs);
      this.queue.push(call);
      this.pump();
    });
  }

  /** As run, but resolves with the entry's value and throws PywardenRunError when the run
   * ended with ok: false. */
  async runOrThrow<T = JsonValue>(req: RunRequest): Promise<T> {
    const r = await this.run<T>(req);
    if (!r.ok) throw new PywardenRunError(r);
    return r.result;
  }

  private cancel(call: Call, deadline: boolean): void {
    call.deadlineHit ||= deadline;
    if (!call.server) {
      if (!this.queue.delete(call)) return;
      this.settle(call, deadline ? deadlineResult(call.req.deadlineMs!, false) : cancelledResult());
      this.update();
    } else if (!call.cancelSent) {
      call.cancelSent = true;
      call.server.cancel(call.id);
      // It keeps its place in serve (which counts against the 2 × workers sent) until serve
      // answers; the caller is not kept waiting for that.
      clearTimeout(call.timer);
      this.awaitCancel(call, call.server);
    }
  }

  /** Settles a call whose cancel serve has not answered within CANCEL_ANSWER_MS, once the
   * pipe has been read: a host busy past the wait has not yet read what serve wrote meanwhile
   * (timers run before I/O), and serve still writing (answers ahead of this one) is not
   * wedged, so the wait starts again. */
  private awaitCancel(call: Call, s: Server): void {
    const seen = s.received;
    call.timer = setTimeout(
      () =>
        setImmediate(() => {
          if (call.settled) return;
          if (s.received !== seen) return this.awaitCancel(call, s);
          this.settle(call, unconfirmedCancel(call));
        }),
      CANCEL_ANSWER_MS,
    );
  }

  private settle(call: Call, result: RunResult | Error): void {
    if (call.settled) return;
    call.settled = true;
    clearTimeout(call.timer);
    if (call.req.signal) this.aborts.remove(call.req.signal, call);
    if (result instanceof Error) call.reject(result);
    else call.resolve(result);
  }

  /** Sends queued calls while serve has room; ends serve's input once closing and every
   * call is answered: until then a deadline or an abort still needs to write its cancel. */
  private pump(): void {
    const s = this.server;
    while (s && !s.deaf && s.inFlight.size < this.limit) {
      const call = this.queue.shift();
      if (!call) break;
      call.server = s;
      call.written = false;
      s.inFlight.set(call.id, call);
      s.write(call.line, (failed) => this.wrote(s, call, failed));
    }
    if (s && this.closing && !this.queue.length && !s.inFlight.size) s.endInput();
    this.update();
  }

  /** A line's write ended. Failed, it never reached serve (dead, its exit not yet seen):
   * nothing ran, so the call waits for the next serve instead of failing "while the run was
   * in flight". Written to a serve already lost, it is settled as lost() settles the rest. */
  private wrote(s: Server, call: Call, failed: boolean): void {
    call.written = true;
    if (s.inFlight.get(call.id) !== call || (!failed && !s.lostWhy)) return;
    s.inFlight.delete(call.id);
    if (failed) s.deaf = true;
    if (!failed || this.killed) this.settle(call, lostInFlight(s.lostWhy ?? "pywarden serve exited"));
    else this.requeue(call);
    if (!s.lostWhy || this.server || this.restartTimer || this.launching) return;
    // lost() ran before this write ended: start the next serve, or finish a closing pool
    if (this.closing && !this.queue.length && !s.inFlight.size) this.finish();
    else if (this.queue.length) this.scheduleRestart();
  }

  /** A call serve never ran waits for the next serve, unless its deadline or abort came
   * meanwhile: then it is answered as it would have been. */
  private requeue(call: Call): void {
    if (call.cancelSent)
      return this.settle(call, call.deadlineHit ? deadlineResult(call.req.deadlineMs!, false) : cancelledResult());
    call.server = undefined;
    this.queue.unshift(call);
  }

  private answered(s: Server, answer: Record<string, unknown>): void {
    const call = s.inFlight.get(answer.id as number);
    if (!call) return;
    s.inFlight.delete(call.id);
    if (call.settled) return this.pump(); // settled when serve did not answer its cancel
    delete answer.id;
    const r = answer as unknown as RunResult;
    // serve got SIGTERM: lines sent now would go unread, and a run it did not start (serve's
    // own words) is one the next serve can run
    const stopping = !r.ok && r.error.type === "internal" && SHUTTING_DOWN.exec(r.error.message);
    if (stopping) s.deaf = true;
    if (stopping && !stopping[1] && !this.killed) {
      this.requeue(call);
      return this.pump();
    }
    // serve's cancelled answer, as a timeout: with what the run printed, was refused (its
    // violations) and cost until it was killed, as serve's own timeout keeps them
    if (call.deadlineHit && !r.ok && r.error.type === "cancelled")
      this.settle(call, { ...r, error: deadlineError(call.req.deadlineMs!, !/before it started/.test(r.error.message)) });
    else this.settle(call, r);
    this.pump();
  }

  /** serve exited: its calls are answered now; it is restarted if anything remains to do. */
  private lost(s: Server, why: string): void {
    if (this.server === s) this.server = undefined;
    s.lostWhy = why;
    for (const call of [...s.inFlight.values()]) {
      if (!call.written) continue; // wrote() decides once its write has ended
      s.inFlight.delete(call.id);
      this.settle(call, lostInFlight(why));
    }
    if (this.killed || (this.closing && !this.queue.length && !s.inFlight.size)) return this.finish();
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const r = this.opts.restart ?? {};
    const delay = Math.min((r.minDelayMs ?? 100) * 2 ** this.failedStarts, r.maxDelayMs ?? 5000);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.launch().then(
        () => {
          this.failedStarts = 0;
          this.pump();
        },
        (e: PywardenServerError) => {
          if (this.closing && !this.queue.length) return this.finish();
          if (++this.failedStarts > (r.retries ?? 5)) return this.giveUp(e);
          this.scheduleRestart();
        },
      );
    }, delay);
    this.update();
  }

  private giveUp(e: PywardenServerError): void {
    this.broken = new PywardenServerError(
      `pywarden serve exited and could not be restarted (${this.failedStarts} attempts)`,
      e.stderr,
      { cause: e },
    );
    for (const call of this.queue.drain()) this.settle(call, this.broken);
    this.finish();
  }

  private finish(): void {
    for (const call of this.queue.drain())
      this.settle(call, hostFailure({ type: "internal", message: "pw.kill() ended pywarden serve" }));
    this.closed?.();
  }

  /** Keeps the host alive only while calls are pending: not for settled calls whose cancel
   * serve has not answered (it is stopped or wedged). */
  private update(): void {
    const inFlight = this.server ? [...this.server.inFlight.values()] : [];
    const busy = this.queue.length > 0 || inFlight.some((c) => !c.settled);
    this.server?.hold(busy || !!this.closing);
    if (this.restartTimer) busy ? this.restartTimer.ref() : this.restartTimer.unref();
  }

  /** Answers every call made so far (queued ones are still run), then ends serve. New
   * calls reject with PywardenClosedError. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise<void>((resolve) => (this.closed = resolve));
      // a serve being started (launching) runs the queue, then ends as pump() ends its input
      if (!this.server && !this.restartTimer && !this.launching) this.finish();
      else if (!this.server && !this.queue.length && !this.launching) {
        clearTimeout(this.restartTimer);
        this.finish();
      } else this.pump();
    }
    return this.closing;
  }

  /** Ends serve at once (SIGKILL; its runs die with it). Calls in flight or queued are
   * answered with error type "internal". */
  kill(): Promise<void> {
    this.killed = true;
    const done = this.close();
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    // a serve being started is killed as well: a hung one would outlive the pool
    this.starting?.kill();
    if (this.server) this.server.kill();
    else this.finish();
    return done;
  }

  /** The pid of the current `pywarden serve` (undefined while restarting). */
  get pid(): number | undefined {
    return this.server?.child.pid;
  }
}
