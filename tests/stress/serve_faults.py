#!/usr/bin/python3
"""Fault injection under load for `pywarden serve` (see README, "Reliability").

usage: serve_faults.py ROUNDS REQUESTS_PER_ROUND [KILL_SERVE_EVERY]
env:   PYWARDEN_BIN (default build/pywarden), FAULT_RATE (0.5), SEED, FI_BASE (a fresh temp dir)

Each round starts serve (2-4 workers) with a TMPDIR and work directory of its own, writes a
mix of requests (ok, exception, violation, timeout, memory, output flood, bad request,
syntax, strict policy, stdio, cancel, invalid result; 3 % malformed lines; cancels of live and
unknown ids; half the rounds end with stdin closed mid-line) while a thread SIGKILLs or
SIGSTOPs (then SIGCONTs) a random process of serve's tree: the launcher, a template, a spare
or run, or serve itself (stopped; every KILL_SERVE_EVERY-th round it is SIGKILLed). Checked
after EOF: every request answered exactly once with its own or a fault's documented type,
one null-id answer per malformed line, serve exit 0, no process of the binary left (the
binary is copied so that its path is this harness's alone), no orphan reparented to the
harness (a child subreaper), nothing in the TMPDIR or work directory. Prints each round's
problems and exits 1 if there were any."""
import ctypes, json, os, random, signal, subprocess, sys, threading, time, collections, shutil
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.environ.get("FI_BASE") or tempfile.mkdtemp(prefix="pywarden-faults-")
BIN = os.path.join(BASE, "pywarden-under-test")
POLICY_DIR = os.environ.get("PYWARDEN_POLICY_DIR", os.path.join(HERE, "..", "..", "policy"))
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans come to us, we can see them

DOC = {"timeout", "memory_limit", "cpu_limit", "output_limit", "policy_violation", "exception",
       "syntax_error", "invalid_request", "invalid_result", "crashed", "internal", "cancelled", None}

KINDS = {
    "ok": ({"code": "def main(inputs):\n    return {'n': inputs['n'] * 2}", "inputs": {"n": 21}}, {None}),
    "sleep": ({"code": "import time\ntime.sleep(0.3)\nresult = 1"}, {None}),
    "exc": ({"code": "raise ValueError('x')"}, {"exception"}),
    "viol": ({"code": "open('/etc/passwd').read()"}, {"policy_violation"}),
    "tmo": ({"code": "while True: pass", "timeout_ms": 100}, {"timeout"}),
    "mem": ({"code": "x = bytearray(512 << 20)", "policy": {"extends": "default", "memory_mb": 64}}, {"memory_limit"}),
    "flood": ({"code": "print('x' * (2 << 20))\nresult = 1"}, {None, "output_limit"}),
    "bad": ({"code": "result=1", "nope": 1}, {"invalid_request"}),
    "syntax": ({"code": "def ("}, {"syntax_error"}),
    "strict": ({"code": "import math\nresult = math.pi", "policy": "strict"}, {None}),
    "stdio": ({"code": "import sys, json\nprint(json.dumps({'a': 1}))", "mode": "stdio"}, {None}),
    "cancel": ({"code": "import time\ntime.sleep(2)\nresult = 1"}, {"cancelled", None}),
    "badres": ({"code": "result = {1, 2}"}, {"invalid_result"}),
}
# Faults may turn any run into one of these (documented for the fault in question).
FAULT_TYPES = {"crashed", "internal", "timeout"}


def tree(root):
    kids = collections.defaultdict(list)
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                s = f.read()
            ppid = int(s[s.rindex(")") + 2:].split()[1])
            kids[ppid].append(int(p))
        except OSError:
            pass
    out, stack = [], [(root, 0)]
    while stack:
        pid, d = stack.pop()
        for k in kids.get(pid, []):
            out.append((k, d + 1))
            stack.append((k, d + 1))
    return out


def ours():
    """Every process running our copy of the binary (exe path is unique to this harness)."""
    res = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                if os.readlink(f"/proc/{p}/exe").startswith(BIN):
                    res.append(int(p))
            except OSError:
                pass
    return res


def reap_zombies():
    n = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return n
        if pid == 0:
            return n
        n += 1


def one_round(rnd, nreq, kill_serve, workers, fault_rate):
    tmp = f"{BASE}/tmp{rnd}"
    wd = f"{BASE}/wd{rnd}"
    os.makedirs(tmp)
    os.makedirs(wd)
    env = dict(os.environ, TMPDIR=tmp, PYWARDEN_POLICY_DIR=POLICY_DIR)
    p = subprocess.Popen([BIN, "serve", "--workers", str(workers), "--allow-policies", "strict",
                          "--allow-inline-policies", "--grace-ms", "500"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         cwd=wd, env=env, preexec_fn=lambda: os.nice(19))
    answers = collections.defaultdict(list)
    nulls = []
    garbage = []
    stderr_buf = []

    def reader():
        for line in p.stdout:
            try:
                o = json.loads(line)
            except ValueError:
                garbage.append(line[:300])
                continue
            if o.get("id") is None:
                nulls.append(o)
            else:
                answers[o["id"]].append(o)

    def ereader():
        stderr_buf.append(p.stderr.read())

    rt = threading.Thread(target=reader)
    rt.start()
    et = threading.Thread(target=ereader)
    et.start()
    sent = {}
    faults = []
    nbadlines = 0
    stop = threading.Event()

    def injector():
        while not stop.is_set():
            time.sleep(random.uniform(0.05, 0.6))
            if random.random() > fault_rate:
                continue
            procs = tree(p.pid)
            if random.random() < 0.15:
                procs = [(p.pid, 0)]
            if not procs:
                continue
            pid, depth = random.choice(procs)
            role = {0: "serve", 1: "launcher", 2: "template"}.get(depth, "run/spare")
            sig = "STOP" if depth == 0 else random.choice(["KILL", "KILL", "STOP"])
            try:
                if sig == "KILL":
                    os.kill(pid, signal.SIGKILL)
                else:
                    os.kill(pid, signal.SIGSTOP)
                    time.sleep(random.uniform(0, 2.5))
                    os.kill(pid, signal.SIGCONT)
                faults.append((role, sig, pid))
            except ProcessLookupError:
                pass

    it = threading.Thread(target=injector)
    it.start()
    kill_at = random.randrange(nreq) if kill_serve else -1
    cancels = []
    try:
        for i in range(nreq):
            if i == kill_at:
                os.kill(p.pid, signal.SIGKILL)
                faults.append(("serve", "KILL", p.pid))
            r = random.random()
            if r < 0.03:
                line = random.choice([b"not json", b"\xff\xfe{}", b"\0", b"[1,2]",
                                      b'{"id": 5, "id": 6, "code": "result=1"}'[:0] + b"{\"code\": 1",
                                      b"{" * 2000 + b"}" * 2000])
                nbadlines += 1
                p.stdin.write(line + b"\n")
            else:
                kind = random.choice(list(KINDS))
                req = dict(KINDS[kind][0])
                rid = f"{rnd}-{i}-{kind}"
                req["id"] = rid
                sent[rid] = kind
                p.stdin.write(json.dumps(req).encode() + b"\n")
                if kind == "cancel":
                    cancels.append(rid)
                if cancels and random.random() < 0.2:
                    p.stdin.write(json.dumps({"cancel": cancels.pop(0)}).encode() + b"\n")
                if random.random() < 0.05:
                    p.stdin.write(json.dumps({"cancel": "never-" + rid}).encode() + b"\n")
            p.stdin.flush()
            if random.random() < 0.1:
                time.sleep(random.uniform(0, 0.2))
    except BrokenPipeError:
        pass
    try:
        if random.random() < 0.5:  # stdin closed mid-line
            p.stdin.write(b'{"id": "cut", "code": "result')
            nbadlines += 1
        p.stdin.close()
    except BrokenPipeError:
        pass
    t0 = time.time()
    try:
        rc = p.wait(timeout=120)
    except subprocess.TimeoutExpired:
        rc = "HUNG"
        print(f"round {rnd}: serve did not exit 120 s after EOF; tree:", tree(p.pid))
        for q, _ in tree(p.pid):
            os.system(f"cat /proc/{q}/stat; cat /proc/{q}/wchan; echo")
        p.kill()
        p.wait()
    stop.set()
    it.join()
    rt.join()
    et.join()
    dt = time.time() - t0
    problems = []
    serve_killed = any(f[0] == "serve" and f[1] == "KILL" for f in faults)
    # exactly one answer each, types documented
    for rid, kind in sent.items():
        a = answers.get(rid, [])
        if len(a) == 0:
            if not serve_killed:
                problems.append(f"{rid}: no answer")
            continue
        if len(a) > 1:
            problems.append(f"{rid}: {len(a)} answers")
        for o in a:
            e = o.get("error")
            t = e and e.get("type")
            if t not in DOC:
                problems.append(f"{rid}: undocumented type {t}")
            elif t not in KINDS[kind][1] and t not in FAULT_TYPES:
                problems.append(f"{rid}: unexpected {t}: {e.get('message')[:200]}")
            elif t in FAULT_TYPES and t not in KINDS[kind][1] and not faults:
                problems.append(f"{rid}: {t} without fault: {e.get('message')[:200]}")
    extra = set(answers) - set(sent)
    if extra:
        problems.append(f"answers for unknown ids: {sorted(extra)[:5]}")
    if not serve_killed and len(nulls) != nbadlines:
        problems.append(f"{len(nulls)} null-id answers for {nbadlines} bad lines")
    if not serve_killed and rc not in (0,):
        problems.append(f"serve exit {rc}")
    time.sleep(1.5)
    left = ours()
    if left:
        problems.append(f"leftover processes: {[(q, open(f'/proc/{q}/stat').read()[:80]) for q in left if os.path.exists(f'/proc/{q}')]}")
        for q in left:
            try:
                os.kill(q, signal.SIGKILL)
            except OSError:
                pass
    z = reap_zombies()
    launcher_killed = any(f[0] == "launcher" and f[1] == "KILL" for f in faults)
    if z and launcher_killed and not serve_killed:  # README "Reliability", known gap
        print(f"    note: {z} processes of a killed launcher were left to the harness to reap")
    elif z and not serve_killed:
        problems.append(f"{z} orphans/zombies reparented to the harness")
    lt = os.listdir(tmp)
    lw = os.listdir(wd)
    if lt or lw:
        problems.append(f"leftover files tmp={lt[:5]} wd={lw[:5]}")
    types = collections.Counter()
    if garbage and not serve_killed:  # a SIGKILLed serve may die in the middle of a line
        problems.append(f"unparsable answer lines: {garbage[:3]}")
    for rid, a in answers.items():
        for o in a:
            e = o.get("error")
            types[(sent.get(rid, "?"), e and e["type"])] += 1
    print(f"round {rnd}: {len(sent)} reqs, {nbadlines} bad lines, faults={collections.Counter((f[0], f[1]) for f in faults)}, "
          f"rc={rc}, drain {dt:.1f}s, problems={len(problems)}")
    for pr in problems[:20]:
        print("   ", pr)
    if problems:
        print("    stderr:", (stderr_buf[0] if stderr_buf else b"")[-1500:].decode(errors="replace"))
        print("    faults:", faults)
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(wd, ignore_errors=True)
    return problems, types


def main():
    rounds = int(sys.argv[1])
    nreq = int(sys.argv[2])
    kse = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    seed = int(os.environ.get("SEED", time.time()))
    random.seed(seed)
    print("seed", seed)
    os.makedirs(BASE, exist_ok=True)
    shutil.copy(os.environ.get("PYWARDEN_BIN", os.path.join(HERE, "..", "..", "build", "pywarden")), BIN)
    allp = 0
    tot = collections.Counter()
    for r in range(rounds):
        probs, types = one_round(r, nreq, kse and r % kse == kse - 1, random.choice([2, 3, 4]),
                                 float(os.environ.get("FAULT_RATE", "0.5")))
        allp += len(probs)
        tot.update(types)
    print("types:", sorted(tot.items(), key=str))
    print("TOTAL problems", allp)
    shutil.rmtree(BASE, ignore_errors=True)
    sys.exit(1 if allp else 0)


main()
