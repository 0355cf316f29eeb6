/* Other sandboxes' own test suites, translated to pywarden requests: smolagents'
 * LocalPythonExecutor security tests (tests/test_local_python_executor.py: imports, dunder
 * and builtins tricks, os/subprocess/posix reached through other modules, loops, memory),
 * llm-sandbox's attack scenarios (tests/test_advanced_security_scenarios.py), the escapes
 * RestrictedPython's guards exist for (format strings, frames, function globals), CPython's
 * own Lib/test/audit-tests.py and Lib/test/crashers, piston-style limits, and the feature and
 * limit tests of edX's codejail (tests/test_jail_code.py, test_safe_exec.py), epicbox
 * (tests/test_epicbox.py) and judge0/isolate's verdicts, pysandbox's refusals and what it let
 * run (sandbox/test/), RestrictedPython's allowed code (tests/transformer/), and asteval's
 * "eval is dangerous" inputs and numpy file methods (tests/test_asteval.py), e2b's code-interpreter
 * SDK tests, Jupyter-kernel sandboxes' notebook habits, Pyodide's stdlib tests, the calls
 * seccomp-based Python jails test, and Dify's sandbox's Python tests and seccomp lists
 * (tests/integration_tests/python_*_test.go). Each case runs cold
 * and warm with every layer (the hook's exact refusal, or the exact result and stdout of code that
 * must work), and each escape also with the audit hook off, where the capability it reached must
 * fail below it (os.system's 32512 is the status of a shell that never started; a PermissionError
 * is seccomp's or noproc's EPERM). */
#include "helpers.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PW_TEST_SWITCHES
#error "test_translated_suites needs -DPYWARDEN_TEST_SWITCHES=ON (it turns the audit hook off)"
#endif

#define OK NULL
#define PV "policy_violation"
#define EXC "exception"
#define NOT_SPAWNED "32512" /* os.system's status when the shell could not be started */

typedef struct {
    const char *name;
    const char *policy;
    const char *code;
    /* every layer: OK (what: the result JSON, or NULL where out_len stands for it), PV (what:
     * event, detail), EXC (what: the class), or another error type (what: a message fragment) */
    const char *type, *what, *detail;
    /* the audit hook off, the same way; off_run false: nothing below the hook to prove */
    bool off_run;
    const char *off_type, *off_what;
    long timeout_ms;
    const char *extra; /* more request members (",\"mode\":\"stdio\""), or NULL */
    const char *out;   /* the stdout the run must print, or NULL */
    const char *err;   /* the stderr the run must print, or NULL */
    size_t out_len;    /* the length of a stdout too long to spell here, or 0 */
} tcase;

#define SYSTEM_SPAWNS_NOTHING true, OK, NOT_SPAWNED
#define EPERM_BELOW true, EXC, "PermissionError"
#define HOOK_ONLY false, NULL, NULL
#define POPEN_AT(after)                                                                            \
    "for c in " after "__subclasses__():\n    if 'Popen' in repr(c):\n        break\n"

/* extra, out, err and out_len are optional: the cases that leave them out get NULL or 0 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const tcase cases[] = {
    /* smolagents, TestLocalPythonExecutorSecurity */
    {"smolagents: import os", "default", "import os\nresult = os.system(':')", PV, "import", "os",
     SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: builtins.exec", "default",
     "import builtins\nns = {}\nbuiltins.exec('import os; r = os.system(\":\")', ns)\n"
     "result = ns['r']",
     PV, "import", "os", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: builtins.__import__", "default",
     "import builtins\nresult = builtins.__import__('os').system(':')", PV, "import", "os",
     SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: builtins eval of compile", "default",
     "import builtins\n"
     "sp = builtins.eval(builtins.compile('__import__(\"subprocess\")', 'x', 'eval'))\n"
     "result = sp.run([':']).returncode",
     PV, "import", "subprocess", EPERM_BELOW, 0},
    {"smolagents: posix.system through sys.modules", "default",
     "import sys\nresult = sys.modules['posix'].system(':')", PV, "os.system", "os.system",
     SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: os.popen where os is allowed", "data", "import os\nresult = os.popen(':').read()",
     PV, "subprocess.Popen", "subprocess.Popen", EPERM_BELOW, 0},
    {"smolagents: os.system where os is allowed", "data", "import os\nresult = os.system(':')", PV,
     "os.system", "os.system", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: importlib.import_module", "default",
     "import importlib\nresult = importlib.import_module('os').system(':')", PV, "import", "os",
     SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: queue.threading._os", "default",
     "import queue\nresult = queue.threading._os.system(':')", PV, "os.system", "os.system",
     SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: random._os", "default", "import random\nresult = random._os.system(':')", PV,
     "os.system", "os.system", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: random.__dict__", "default",
     "import random\nresult = random.__dict__['_os'].system(':')", PV, "os.system", "os.system",
     SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: doctest.inspect.os", "default",
     "import doctest\nresult = doctest.inspect.os.system(':')", PV, "os.system", "os.system",
     SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: asyncio's subprocess", "default",
     "import asyncio\nresult = asyncio.base_events.subprocess.run([':']).returncode", PV,
     "subprocess.Popen", "subprocess.Popen", EPERM_BELOW, 0},
    {"smolagents: threading._sys.modules", "default",
     "import queue\nresult = queue.threading._sys.modules['os'].system(':')", PV, "os.system",
     "os.system", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: getattr through map", "default",
     "import warnings\nsys_ = list(map(getattr, [warnings], ['sys']))[0]\n"
     "result = sys_.modules['posix'].system(':')",
     PV, "os.system", "os.system", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: sys._getframe().f_builtins", "default",
     "import sys\nresult = sys._getframe().f_builtins['__import__']('os').system(':')", PV,
     "sys._getframe", "sys._getframe", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: __traceback__.tb_frame", "default",
     "def main(inputs):\n    try:\n        1 / 0\n    except Exception as e:\n"
     "        return e.__traceback__.tb_frame.f_back.f_globals['__builtins__']",
     PV, "object.__getattr__", "tb_frame", true, EXC, "AttributeError", 0},
    {"smolagents: catch_warnings()._module", "default",
     "import warnings\n"
     "for cls in object.__subclasses__():\n    if cls.__name__ == 'catch_warnings':\n"
     "        break\n"
     "result = cls()._module.__builtins__['__import__']('os').system(':')",
     PV, "import", "os", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: BuiltinImporter.load_module", "default",
     "for cls in object.__subclasses__():\n    if cls.__name__ == 'BuiltinImporter':\n"
     "        break\n"
     "result = cls().load_module('posix').system(':')",
     PV, "os.system", "os.system", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: BuiltinImporter of a module never loaded", "default",
     "for cls in object.__subclasses__():\n    if cls.__name__ == 'BuiltinImporter':\n"
     "        break\n"
     "result = str(cls.load_module('_posixsubprocess'))",
     PV, "_imp.create_builtin", "_posixsubprocess", HOOK_ONLY, 0},
    {"smolagents: Popen among the subclasses", "default",
     "import asyncio\n" POPEN_AT("().__class__.__base__.") "result = c(['sh', '-c', ':']).wait()",
     PV, "subprocess.Popen", "subprocess.Popen", EPERM_BELOW, 0},
    {"smolagents: dunder calls to the subclasses", "default",
     "import asyncio\nfc = (lambda: 0).__getattribute__('__class__')\n"
     "oc = type.__getattribute__(fc, '__bases__')[0]\n" POPEN_AT(
         "oc.") "result = c(['sh', '-c', ':']).wait()",
     PV, "subprocess.Popen", "subprocess.Popen", EPERM_BELOW, 0},
    {"smolagents: pickle of os.system", "default",
     "import pickle\nresult = pickle.loads(b\"cos\\nsystem\\n(S':'\\ntR.\")", PV,
     "pickle.find_class", "os", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: pandas' os", "data", "import pandas\nresult = pandas.io.common.os.system(':')",
     PV, "os.system", "os.system", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: numpy.ctypeslib", "data",
     "import numpy\nlib = numpy.ctypeslib.load_library('libc.so.6', '/lib/x86_64-linux-gnu')\n"
     "result = lib.system(b':')",
     PV, "ctypes.dlopen", "ctypes.dlopen", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: the ctypes pandas imported", "data",
     "import pandas, sys\nresult = sys.modules['ctypes'].CDLL(None).system(b':')", PV,
     "ctypes.dlopen", "ctypes.dlopen", SYSTEM_SPAWNS_NOTHING, 0},
    {"smolagents: sleep past the timeout", "default", "import time\ntime.sleep(3)\nresult = 1",
     "timeout", NULL, NULL, true, "timeout", NULL, 1000},
    {"smolagents: while True", "default", "while True:\n    pass", "timeout", NULL, NULL, true,
     "timeout", NULL, 1000},
    {"smolagents: a 10 GB string", "default", "result = len('a' * 10**10)", "memory_limit", NULL,
     NULL, true, "memory_limit", NULL, 0},
    {"smolagents: dunders and globals that are fine", "default",
     "class A:\n    attr = 1\nx = 1\n"
     "result = [type(()).__name__, sorted(A().__dict__), getattr((), '__class__').__name__,\n"
     "          sorted(k for k in globals() if not k.startswith('_'))]",
     OK, "[\"tuple\",[],\"tuple\",[\"A\",\"input_data\",\"inputs\",\"x\"]]", NULL, HOOK_ONLY, 0},

    /* llm-sandbox, tests/test_advanced_security_scenarios.py */
    {"llm-sandbox: eval of __import__", "default",
     "result = eval(\"__import__('os').system(':')\")", PV, "import", "os", SYSTEM_SPAWNS_NOTHING,
     0},
    {"llm-sandbox: base64 exec", "default",
     "import base64\nns = {}\n"
     "exec(base64.b64decode('aW1wb3J0IG9zOyByID0gb3Muc3lzdGVtKCc6Jyk=').decode(), ns)\n"
     "result = ns['r']",
     PV, "import", "os", SYSTEM_SPAWNS_NOTHING, 0},
    {"llm-sandbox: names built from pieces", "default",
     "result = getattr(__import__('o' + 's'), 'sys' + 'tem')(':')", PV, "import", "os",
     SYSTEM_SPAWNS_NOTHING, 0},
    {"llm-sandbox: eval from __builtins__", "default",
     "b = __builtins__ if isinstance(__builtins__, dict) else __builtins__.__dict__\n"
     "result = b['eval']('__import__(\"os\").system(\":\")')",
     PV, "import", "os", SYSTEM_SPAWNS_NOTHING, 0},
    {"llm-sandbox: reverse shell", "default",
     "import socket\ns = socket.socket()\ns.connect(('127.0.0.1', 4444))", PV, "import", "socket",
     HOOK_ONLY, 0},
    {"llm-sandbox: port scan from threads", "default",
     "import asyncio, threading\nsocket = asyncio.base_events.socket\nseen = set()\n"
     "def scan(port):\n    try:\n        socket.socket().connect_ex(('127.0.0.1', port))\n"
     "    except Exception as e:\n        seen.add(type(e).__name__)\n"
     "ts = [threading.Thread(target=scan, args=(p,)) for p in range(20, 30)]\n"
     "[t.start() for t in ts]\n[t.join() for t in ts]\nresult = sorted(seen)",
     OK, "[\"PolicyViolation\"]", NULL, true, OK, "[\"PermissionError\"]", 0},
    {"llm-sandbox: secrets from the environment", "data", "import os\nresult = dict(os.environ)",
     OK, "{\"LANG\":\"C.UTF-8\"}", NULL, true, OK, "{\"LANG\":\"C.UTF-8\"}", 0},
    {"llm-sandbox: ctypes ptrace", "default", "import ctypes\nctypes.CDLL(None).ptrace(0, 1, 0, 0)",
     PV, "import", "ctypes", HOOK_ONLY, 0},
    {"llm-sandbox: remove /etc/hosts", "data", "import os\nos.remove('/etc/hosts')", PV,
     "os.remove", "/etc/hosts", true, EXC, "OSError", 0},

    /* what RestrictedPython's guards exist for */
    {"restricted: a frame through str.format", "default",
     "def g():\n    yield 1\nresult = '{0.gi_frame.f_back}'.format(g())", PV, "object.__getattr__",
     "gi_frame", HOOK_ONLY, 0},
    {"restricted: os._wrap_close's globals", "default",
     "import asyncio\nfor c in object.__subclasses__():\n    if c.__name__ == '_wrap_close':\n"
     "        break\nresult = c.__init__.__globals__['system'](':')",
     PV, "os.system", "os.system", SYSTEM_SPAWNS_NOTHING, 0},
    {"restricted: posix_spawn from those globals", "default",
     "import asyncio\nfor c in object.__subclasses__():\n    if c.__name__ == '_wrap_close':\n"
     "        break\nresult = c.__init__.__globals__['posix_spawn']('/bin/sh', ['sh'], {})",
     PV, "os.posix_spawn", "os.posix_spawn", EPERM_BELOW, 0},
    {"restricted: a stdlib function's __builtins__", "default",
     "import json\nb = json.dumps.__globals__['__builtins__']\n"
     "result = b['__import__']('subprocess').run([':']).returncode",
     PV, "import", "subprocess", EPERM_BELOW, 0},
    {"restricted: exec with builtins of one's own", "default",
     "ns = {'__builtins__': {}}\n"
     "exec(\"r = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == "
     "'BuiltinImporter'][0].load_module('posix').system(':')\", ns)\nresult = ns['r']",
     PV, "os.system", "os.system", SYSTEM_SPAWNS_NOTHING, 0},
    {"restricted: inspect.currentframe's builtins", "default",
     "import inspect\nresult = inspect.currentframe().f_builtins['__import__']('os').system(':')",
     PV, "import", "os", SYSTEM_SPAWNS_NOTHING, 0},
    {"restricted: a stdlib function running user code", "default",
     "import json\ndef mine(*a, **k):\n    import subprocess\njson.dumps.__code__ = mine.__code__\n"
     "result = json.dumps(1)",
     PV, "import", "subprocess", HOOK_ONLY, 0},
    {"restricted: importlib.reload", "default",
     "import importlib, random\nresult = importlib.reload(random._os).system(':')", PV,
     "_imp.get_frozen_object", "os", SYSTEM_SPAWNS_NOTHING, 0},

    /* CPython's Lib/test/audit-tests.py and Lib/test/crashers */
    {"cpython: io.open_code", "default", "import io\nresult = io.open_code('/etc/passwd').read()",
     PV, "open", "/etc/passwd", HOOK_ONLY, 0},
    {"cpython: sys.setprofile", "default", "import sys\nsys.setprofile(lambda *a: None)", PV,
     "sys.setprofile", "sys.setprofile", HOOK_ONLY, 0},
    {"cpython: trace_at_recursion_limit", "default", "import sys\nsys.settrace(lambda *a: None)",
     PV, "sys.settrace", "sys.settrace", HOOK_ONLY, 0},
    {"cpython: gc_inspection", "default", "import gc\nresult = len(gc.get_referrers(object))", PV,
     "gc.get_referrers", "gc.get_referrers", HOOK_ONLY, 0},
    {"cpython: underlying_dict", "default",
     "import gc\nclass A:\n    pass\ngc.get_referents(A.__dict__)[0]['f'] = 1", PV,
     "gc.get_referents", "gc.get_referents", HOOK_ONLY, 0},
    {"cpython: bogus_code_obj", "default",
     "co = (lambda: 0).__code__.replace(co_code=b'\\x97\\x00\\x64\\xff\\x53\\x00', co_consts=())",
     PV, "code.__new__", "code.__new__", HOOK_ONLY, 0},
    {"cpython: test_socket", "default",
     "import asyncio\nresult = asyncio.base_events.socket.socket()", PV, "socket.__new__",
     "socket.__new__", HOOK_ONLY, 0},
    {"cpython: test_http_client", "default",
     "import http.client\nhttp.client.HTTPConnection('127.0.0.1', 9).request('GET', '/')", PV,
     "socket.getaddrinfo", "socket.getaddrinfo", EPERM_BELOW, 0},
    {"cpython: test_sqlite3 load_extension", "default",
     "import sqlite3\nsqlite3.connect(':memory:').enable_load_extension(True)", PV,
     "sqlite3.enable_load_extension", "sqlite3.enable_load_extension", HOOK_ONLY, 0},
    {"cpython: test_sqlite3 Connection", "default",
     "import sqlite3\nsqlite3.Connection('/etc/passwd').execute('pragma schema_version')", PV,
     "sqlite3.connect", "/etc/passwd", true, EXC, "OperationalError", 0},
    {"cpython: test_gc", "default", "import gc\nresult = len(gc.get_objects(generation=1))", PV,
     "gc.get_objects", "gc.get_objects", HOOK_ONLY, 0},
    {"cpython: test_unraisablehook", "default",
     "import sys\nclass D:\n    def __del__(self):\n        raise ValueError('in del')\n"
     "seen = []\nsys.unraisablehook = lambda u: seen.append(type(u.exc_value).__name__)\nD()\n"
     "result = seen",
     OK, "[\"ValueError\"]", NULL, HOOK_ONLY, 0},
    {"cpython: test_monkeypatch", "default",
     "class A:\n    pass\nclass B:\n    pass\nclass C(A):\n    pass\nC.__name__ = 'X'\n"
     "C.__bases__ = (B,)\na = A()\na.__class__ = B\nresult = [C.__name__, type(a).__name__]",
     OK, "[\"X\",\"B\"]", NULL, HOOK_ONLY, 0},
    {"cpython: test_threading", "default",
     "import _thread\nl = _thread.allocate_lock()\nl.acquire()\n"
     "_thread.start_new_thread(l.release, ())\nl.acquire()\nresult = 1",
     OK, "1", NULL, HOOK_ONLY, 0},
    {"cpython: infinite_loop_re", "default",
     "import re\n"
     "re.match(r'<[a-z][-a-z0-9]*\\s*(\\s*([a-z_][-a-z_0-9]*)(\\s*=\\s*(\\'[^\\']*\\'|\"[^\"]*\"|"
     "[-a-z0-9./:;+*%?!&$_#=~@][][\\-a-z0-9./:;+*%?!&$_#=~\\'\"@]*(?=[\\s>/<])))?)*\\s*/?\\s*"
     "(?=[<>])', '<table cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse')",
     "timeout", NULL, NULL, HOOK_ONLY, 1500},
    {"cpython: warnings_del_crasher", "default",
     "import threading, warnings\nclass W:\n    def __del__(self):\n"
     "        warnings.warn('oh no', UserWarning)\n"
     "def work():\n    while True:\n        W()\n"
     "for i in range(10):\n    threading.Thread(target=work, daemon=True).start()\n"
     "result = 'sent'",
     OK, "\"sent\"", NULL, HOOK_ONLY, 0},
    /* a use-after-free of CPython 3.11's (list slicing while a weakref callback empties the
     * list): pure Python with every layer on, contained by the kernel layers */
    {"cpython: mutation_inside_cyclegc", "default",
     "import weakref\nclass A:\n    pass\nlst = []\ndef cb(x):\n    del lst[:]\nkeep = []\n"
     "for i in range(100):\n    lst = [str(i)]\n    a = A()\n    a.cycle = a\n"
     "    keep.append(weakref.ref(a, cb))\n    del a\n    while lst:\n"
     "        keep.append(lst[:])\nresult = 1",
     "crashed", "signal 11", NULL, HOOK_ONLY, 0},

    /* piston-style limits */
    {"piston: open files", "default", "fs = [open('/tmp/f%d' % i, 'w') for i in range(10000)]", EXC,
     "OSError", NULL, true, EXC, "OSError", 0},
    {"piston: threads", "default",
     "import threading, time\nfor i in range(1000):\n"
     "    threading.Thread(target=time.sleep, args=(1,)).start()",
     EXC, "RuntimeError", NULL, true, EXC, "RuntimeError", 0},
    {"piston: file size", "default",
     "f = open('/tmp/big', 'wb')\nfor i in range(200):\n    f.write(b'x' * 1048576)", EXC,
     "OSError", NULL, true, EXC, "OSError", 0},
    {"piston: result size", "default", "result = 'x' * (20 * 1024 * 1024)", "output_limit",
     "max_result_bytes", NULL, HOOK_ONLY, 0},

    /* edX codejail, tests/test_jail_code.py and test_safe_exec.py (a policy stands for the
     * jail's limits, hello.txt and doit.py for the files it copies in) */
    {"codejail: hello world", "default", "print('Hello world!')\nresult = None", OK, "null", NULL,
     HOOK_ONLY, 0, .out = "Hello world!\n"},
    {"codejail: ends with an exception", "default", "raise Exception('FAIL')", EXC, "Exception",
     NULL, HOOK_ONLY, 0, .extra = ",\"mode\":\"stdio\""},
    {"codejail: stdin is provided", "default",
     "import json, sys\nprint(sum(json.load(sys.stdin)['nums']))", OK, "36.5", NULL, HOOK_ONLY, 0,
     .extra = ",\"mode\":\"stdio\",\"inputs\":{\"nums\":[1,2.5,33]}", .out = "36.5\n"},
    {"codejail: files are copied", "default", "with open('hello.txt') as f:\n    result = f.read()",
     OK, "\"hello\\n\"", NULL, HOOK_ONLY, 0},
    {"codejail: executing a copied file", "default",
     "exec(compile(open('doit.py').read(), 'doit.py', 'exec'))\nresult = 1", OK, "1", NULL,
     HOOK_ONLY, 0, .out = "done\n"},
    {"codejail: unicode output", "default", "result = '\\u2603'\nprint(result)", OK, "\"\u2603\"",
     NULL, HOOK_ONLY, 0, .out = "\u2603\n"},
    {"codejail: too much memory", "{\"extends\":\"default\",\"memory_mb\":64}",
     "result = len(bytearray(100000000))", "memory_limit", "memory_mb 64", NULL, true,
     "memory_limit", NULL, 0},
    {"codejail: too much cpu", "{\"extends\":\"default\",\"cpu_s\":1}",
     "result = sum(range(2**31 - 1))", "cpu_limit", "cpu_s 1", NULL, true, "cpu_limit", NULL,
     10000},
    {"codejail: can't write files", "default", "open('mydata.txt', 'w').write('x')", PV, "open",
     NULL, true, EXC, "OSError", 0},
    {"codejail: can't fork", "data", "import os\nresult = os.fork()", PV, "os.fork", "os.fork",
     EPERM_BELOW, 0},
    {"codejail: safe_exec's exception", "default", "a = 1 / 0", EXC, "ZeroDivisionError", NULL,
     HOOK_ONLY, 0},
    {"codejail: json_safe results", "default",
     "import datetime, decimal\n"
     "result = {'d': decimal.Decimal('1.50'), 'b': b'ab', 's': {3, 1}, 't': datetime.date(2024, "
     "1, 2)}",
     OK, "{\"d\":\"1.50\",\"b\":\"YWI=\",\"s\":[1,3],\"t\":\"2024-01-02\"}", NULL, HOOK_ONLY, 0,
     .extra = ",\"result_encoding\":\"lenient\""},

    /* epicbox, tests/test_epicbox.py */
    {"epicbox: fork bomb", "data", "import os\nwhile True:\n    os.fork()", PV, "os.fork",
     "os.fork", EPERM_BELOW, 0},
    {"epicbox: read-only file system", "default", "open('/file', 'w')", PV, "open", "/file", true,
     EXC, "OSError", 0},
    {"epicbox: cpu timeout with threads", "{\"extends\":\"default\",\"cpu_s\":1}",
     "import threading\ndef spin():\n    while True:\n        pass\n"
     "for _ in range(3):\n    threading.Thread(target=spin, daemon=True).start()\nspin()",
     "cpu_limit", "cpu_s 1", NULL, true, "cpu_limit", NULL, 10000},

    /* judge0 on isolate: its verdicts */
    {"judge0: runtime error (NZEC)", "default", "import sys\nsys.exit(3)", EXC, "SystemExit", NULL,
     HOOK_ONLY, 0, .extra = ",\"mode\":\"stdio\""},
    /* a C stack overflow past a raised recursion limit: SIGSEGV, as python3 dies of it */
    {"judge0: runtime error (SIGSEGV)", "default",
     "import json, sys\nsys.setrecursionlimit(10**6)\nx = []\nfor i in range(100000):\n"
     "    x = [x]\njson.dumps(x)",
     "crashed", "signal 11 (Segmentation fault): in Python code that is most often its C stack",
     NULL, HOOK_ONLY, 0},
    {"judge0: time limit exceeded", "default", "import time\nwhile True:\n    time.time()",
     "timeout", "1000 ms", NULL, HOOK_ONLY, 1000},

    /* Victor Stinner's pysandbox (sandbox/test/): what it had to refuse, and what still works */
    {"pysandbox: open outside the roots", "default",
     "with open('/etc/passwd', 'rb') as f:\n    result = f.readline().decode()", PV, "open",
     "/etc/passwd", true, EXC, "FileNotFoundError", 0},
    {"pysandbox: the file type of sys.stdout", "default",
     "import sys\nwith type(sys.stdout.buffer.raw)('/etc/passwd') as f:\n"
     "    result = f.readline().decode()",
     PV, "open", "/etc/passwd", true, EXC, "FileNotFoundError", 0},
    {"pysandbox: a code object of one's own", "default",
     "def somme(a, b):\n    return a + b\n"
     "result = type(somme)(somme.__code__.replace(co_name='new_func'), {})(1, 2)",
     PV, "code.__new__", "code.__new__", HOOK_ONLY, 0},
    {"pysandbox: a CPU-intensive timeout", "default", "result = sum(2**x for x in range(100000))",
     "timeout", "300 ms", NULL, HOOK_ONLY, 300},
    {"pysandbox: function and class attributes that are fine", "strict",
     "def create(secret):\n    def closure():\n        return secret\n    return closure\n"
     "SECRET = 42\ndef add(x, y=1):\n    return x + y\ndef sub(x, y=1):\n    return x - y\n"
     "class A: pass\nclass B: pass\nclass X(A): pass\nX.__bases__ = (B,)\n"
     "cell = create(42).__closure__[0].cell_contents\nadd.__code__ = sub.__code__\n"
     "result = [cell, add.__globals__['SECRET'], add.__defaults__, issubclass(X, B), add(52, 10)]",
     OK, "[42,42,[1],true,42]", NULL, HOOK_ONLY, 0},
    /* __builtins__ is the builtins module, as in python3's script (was the dict) */
    {"pysandbox: a builtin as a superglobal", "strict",
     "def superglobal():\n    __builtins__.SUPERGLOBAL = 42\n    value = SUPERGLOBAL\n"
     "    del __builtins__.SUPERGLOBAL\n    return value\n"
     "result = [superglobal(), 'SUPERGLOBAL' in dir(__builtins__), 'len' in dir(__builtins__)]",
     OK, "[42,false,true]", NULL, HOOK_ONLY, 0},
    {"pysandbox: exec in a namespace of its own", "strict",
     "seen = []\nexec(\"seen.append(type(__builtins__).__name__)\", {'seen': seen})\n"
     "ns = {'a': 1}\nexec('assert globals() is locals()\\na = 10\\nx = 42', ns)\n"
     "result = [seen[0], ns['a'], ns['x'], sorted(ns), eval('a + 1', {'a': 1})]",
     OK, "[\"dict\",10,42,[\"__builtins__\",\"a\",\"x\"],2]", NULL, HOOK_ONLY, 0},
    {"pysandbox: exit and SystemExit caught", "strict",
     "import sys\ncaught = []\nfor call in (exit, quit, sys.exit):\n    try:\n        call(1)\n"
     "    except SystemExit as err:\n        caught.append(err.args[0])\n"
     "try:\n    sys.exit('bye')\nexcept SystemExit as err:\n    caught.append(err.code)\n"
     "try:\n    raise SystemExit()\nexcept SystemExit as err:\n    caught.append(err.code)\n"
     "result = caught",
     OK, "[1,1,1,\"bye\",null]", NULL, HOOK_ONLY, 0},
    {"pysandbox: objects and modules written", "strict",
     "class Person:\n    __doc__ = 'Person doc'\n    def __init__(self, name):\n"
     "        self.name = name\n    def __str__(self):\n        'Convert to string'\n"
     "        return 'str'\n    def __hash__(self):\n        return 42\n"
     "p = Person('haypo')\np.name = 'victor'\np.__dict__['name'] = p.name.title()\n"
     "name = p.name\ndel p.name\nimport sys\nsys.version = '3000'\n"
     "result = [p.__doc__, str(p), hash(p), p.__str__.__doc__, name, hasattr(p, 'name'), "
     "sys.version]",
     OK, "[\"Person doc\",\"str\",42,\"Convert to string\",\"Victor\",false,\"3000\"]", NULL,
     HOOK_ONLY, 0},
    {"pysandbox: recursion, regex, random", "strict",
     "import re, random, sys\ndef factorial(n):\n    return n * factorial(n - 1) if n >= 2 else 1\n"
     "try:\n    factorial(sys.getrecursionlimit() + 1)\nexcept RecursionError as err:\n"
     "    deep = str(err)\n"
     "result = [deep, len(str(factorial(500))), re.escape('+'), re.split(' +', 'a b    c'), "
     "re.sub('a+', '#', 'a b aa c'), 1 <= random.randint(1, 6) <= 6]",
     OK,
     "[\"maximum recursion depth exceeded\",1135,\"\\\\+\",[\"a\",\"b\",\"c\"],\"# b # c\",true]",
     NULL, HOOK_ONLY, 0},

    /* RestrictedPython's tests of code it allows (tests/transformer/), and what it refuses
     * that a process sandbox has no reason to: metaclasses, names with '_', except*, nonlocal */
    {"restricted (allowed): classes", "strict",
     "def wrap(cls):\n    cls.wrap_att = 23\n    return cls\nclass Base:\n    base_att = 42\n"
     "class Meta(type):\n    def __new__(mcs, name, bases, ns):\n        ns['foo'] = 2411\n"
     "        return super().__new__(mcs, name, bases, ns)\n"
     "@wrap\nclass Combined(Base, metaclass=Meta):\n    class_att = 2342\n"
     "    def __init__(self, value):\n        self._value = value\n"
     "    def __eq__(self, other):\n        return self._value == other._value\n"
     "_private = Combined(42)\n"
     "result = [_private.class_att, _private.base_att, _private.wrap_att, _private.foo, "
     "_private == Combined(42), _private == Combined(43)]",
     OK, "[2342,42,23,2411,true,false]", NULL, HOOK_ONLY, 0},
    {"restricted (allowed): try, except*, finally", "strict",
     "trace = []\ndef m(x):\n    trace.append(x)\n"
     "try:\n    m('try')\n    raise IndentationError('f1')\nexcept IndentationError as error:\n"
     "    m('except ' + str(error))\nelse:\n    m('else')\nfinally:\n    m('finally')\n"
     "try:\n    raise ExceptionGroup('group', [IndentationError('f1'), ValueError(65)])\n"
     "except* IndentationError:\n    m('IndentationError')\nexcept* ValueError as eg:\n"
     "    m('ValueError %r' % (eg.exceptions,))\n"
     "def try_finally():\n    try:\n        1 / 0\n    finally:\n        return 'swallowed'\n"
     "m(try_finally())\nresult = trace",
     OK,
     "[\"try\",\"except f1\",\"finally\",\"IndentationError\",\"ValueError (ValueError(65),)\","
     "\"swallowed\"]",
     NULL, HOOK_ONLY, 0},
    {"restricted (allowed): with, generators, nonlocal, print", "strict",
     "import contextlib, sys\n@contextlib.contextmanager\ndef ctx1():\n    yield (1, (2, 3))\n"
     "@contextlib.contextmanager\ndef ctx2():\n    yield (4, 5), (6, 7)\n"
     "with ctx1() as (a, (b, c)), ctx2() as ((x, z), (s, h)):\n"
     "    unpacked = [a, b, c, x, z, s, h]\n"
     "def outside():\n    msg = 'Outside!'\n    def inside():\n        nonlocal msg\n"
     "        msg = 'Inside!'\n    inside()\n    return msg\n"
     "def counter():\n    n = 0\n    while True:\n        got = yield n\n        n += got or 1\n"
     "gen = counter()\nsteps = [next(gen), gen.send(5), next(gen)]\n"
     "pairs = [k + v for k, v in {'a': 'b', 'c': 'd'}.items()]\n"
     "print('a', 'b', sep='-', end='!\\n')\nprint('to stderr', file=sys.stderr)\n"
     "result = [unpacked, outside(), steps, pairs, f\"{'x'!r:>5}|{3.14159:.2f}|{7:#06b}\", "
     "(y := 10) + y]",
     OK, "[[1,2,3,4,5,6,7],\"Inside!\",[0,5,6],[\"ab\",\"cd\"],\"  'x'|3.14|0b0111\",20]", NULL,
     HOOK_ONLY, 0, .out = "a-b!\n"},
    /* body mode: the global a nested function sets is the body's name, as in the script */
    {"restricted (allowed): global in body mode", "strict",
     "a = None\ndef x():\n    global a\n    a = 11\nx()\nreturn a", OK, "11", NULL, HOOK_ONLY, 0,
     .extra = ",\"mode\":\"body\""},

    /* asteval (tests/test_asteval.py): Ned Batchelder's "eval really is dangerous" and the
     * numpy methods it refuses (ctypes is smolagents' case above) */
    {"asteval: a power tower", "strict", "result = 9**9**9**9**9**9**9**9", "timeout", "1000 ms",
     NULL, HOOK_ONLY, 1000},
    {"asteval: ndarray.tofile outside out/", "data",
     "import numpy as np\nnp.arange(3).tofile('x.out')", PV, "open", NULL, true, EXC, "OSError", 0},
    {"asteval: ndarray.dump outside out/", "data", "import numpy as np\nnp.arange(3).dump('foo')",
     PV, "open", NULL, true, EXC, "OSError", 0},
    {"asteval: numpy.fromfile outside the roots", "data",
     "import numpy as np\nresult = np.fromfile('/etc/passwd', dtype='u1')[:4].tolist()", PV, "open",
     "/etc/passwd", true, EXC, "FileNotFoundError", 0},
    {"asteval: numpy files in out/", "data",
     "import numpy as np\nnp.save('out/a.npy', np.arange(3))\n"
     "np.savetxt('out/a.csv', np.eye(2), delimiter=',')\n"
     "result = [np.load('out/a.npy', mmap_mode='r').tolist(), "
     "np.loadtxt('out/a.csv', delimiter=',', dtype=int).tolist()]",
     OK, "[[0,1,2],[[1,0],[0,1]]]", NULL, HOOK_ONLY, 0},
    /* e2b's code-interpreter SDK tests (python/tests/sync/): what a notebook sandbox runs */
    {"e2b: env vars (test_env_vars.py)",
     "{\"extends\":\"data\",\"env\":{\"TEST_ENV_VAR\":\"supertest\"}}",
     "import os\nresult = os.getenv('TEST_ENV_VAR')", OK, "\"supertest\"", NULL, HOOK_ONLY, 0},
    {"e2b: stdout and stderr (test_callbacks.py)", "default",
     "import sys\nprint('Hello from e2b')\nprint('This is an error message', file=sys.stderr)\n"
     "result = None",
     OK, "null", NULL, HOOK_ONLY, 0, .out = "Hello from e2b\n"},
    {"e2b: a cell's error (test_run_code.py)", "default", "xyz", EXC, "NameError", NULL, HOOK_ONLY,
     0},
    {"e2b: a DataFrame (test_data.py)", "data",
     "import pandas as pd\ndf = pd.DataFrame({'a': [1, 2, 3], 'b': ['x', 'y', 'z']})\n"
     "result = df.to_dict('list')",
     OK, "{\"a\":[1,2,3],\"b\":[\"x\",\"y\",\"z\"]}", NULL, HOOK_ONLY, 0},
    {"e2b: a bash cell (test_bash.py)", "default", "!pwd", "syntax_error",
     "(IPython) shell command or magic", NULL, HOOK_ONLY, 0},
    {"e2b: the cwd is the work directory (test_cwd.py)", "data",
     "import os\nresult = 'hello.txt' in os.listdir(os.getcwd())", OK, "true", NULL, HOOK_ONLY, 0},

    /* Jupyter-kernel sandboxes (open-interpreter's and llm-sandbox's notebook executors) */
    {"jupyter: top-level await in a cell", "default",
     "import asyncio\nawait asyncio.sleep(0)\nreturn 42", OK, "42", NULL, HOOK_ONLY, 0,
     .extra = ",\"mode\":\"body\""},
    {"jupyter: a %timeit magic", "default", "xs = list(range(9))\n%timeit sum(xs)", "syntax_error",
     "invalid syntax (line 2, column 1); a line starting with", NULL, HOOK_ONLY, 0},
    {"jupyter: display() is IPython's", "default", "display({'a': 1})", EXC, "NameError", NULL,
     HOOK_ONLY, 0},

    /* Pyodide's stdlib tests (src/tests/test_stdlib_fixes.py, test_python.py): what works in
     * its sandbox, and what fails there clearly */
    {"pyodide: sqlite3, lzma, sha3 and blake2", "default",
     "import sqlite3, lzma, hashlib\nc = sqlite3.connect(':memory:')\n"
     "c.execute('CREATE TABLE t (x)')\nc.execute('INSERT INTO t VALUES (41)')\n"
     "result = [c.execute('SELECT x + 1 FROM t').fetchone()[0],\n"
     "          lzma.decompress(lzma.compress(b'pyodide')).decode(),\n"
     "          hashlib.sha3_256(b'').hexdigest()[:8], hashlib.blake2b(b'', "
     "digest_size=4).hexdigest()]",
     OK, "[42,\"pyodide\",\"a7ffc6f8\",\"1271cf25\"]", NULL, HOOK_ONLY, 0},
    {"pyodide: zoneinfo", "strict",
     "from datetime import datetime\nfrom zoneinfo import ZoneInfo\n"
     "result = datetime(2024, 7, 1, 12, tzinfo=ZoneInfo('Europe/Paris')).utcoffset().seconds",
     OK, "7200", NULL, HOOK_ONLY, 0},
    {"pyodide: threads start and join", "strict",
     "import threading\nout = []\nt = threading.Thread(target=out.append, args=(1,))\nt.start()\n"
     "t.join()\nresult = out",
     OK, "[1]", NULL, HOOK_ONLY, 0},
    {"pyodide: multiprocessing fails clearly", "default",
     "import multiprocessing\nresult = multiprocessing.Pool(2).map(abs, [-1])", PV, "import",
     "multiprocessing", true, EXC, "FileNotFoundError", 0},
    {"pyodide: subprocess fails clearly", "default",
     "import subprocess\nresult = subprocess.run(['true']).returncode", PV, "import", "subprocess",
     EPERM_BELOW, 0},

    /* RestrictedPython's tests of code it allows (tests/transformer/test_assign.py,
     * test_lambda.py, test_functiondef.py, test_yield.py), and async code it refuses */
    {"restricted (allowed): unpacking and augmented assignment", "strict",
     "a, *b = [1, 2, 3]\n(c, d), e = (4, 5), 6\nx = {'k': 1}\nx['k'] += 2\nl = [1]\nl *= 2\n"
     "first, *_, last = 'abcde'\nresult = [a, b, c, d, e, x, l, first + last]",
     OK, "[1,[2,3],4,5,6,{\"k\":3},[1,1],\"ae\"]", NULL, HOOK_ONLY, 0},
    {"restricted (allowed): lambdas and parameter kinds", "strict",
     "f = lambda x, y=2, *a, k=1, **kw: x + y + k + len(a) + len(kw)\n"
     "def g(a, /, b, *, c=3):\n    return a * b * c\n"
     "result = [f(1), f(1, 1, 9, 9, k=0, z=1), g(1, 2), g(1, b=2, c=1)]",
     OK, "[4,5,6,2]", NULL, HOOK_ONLY, 0},
    {"restricted (allowed): yield from, send and comprehensions", "strict",
     "def inner():\n    x = yield 1\n    return x * 2\ndef outer():\n    r = yield from inner()\n"
     "    yield r\ng = outer()\nfirst = next(g)\nsecond = g.send(5)\n"
     "result = [first, second, {k: v for k, v in zip('ab', range(2))},\n"
     "          sorted({x % 3 for x in range(10)}), [y for x in [[1, 2], [3]] for y in x if y > "
     "1],\n"
     "          list(range(10))[1:8:3]]",
     OK, "[1,10,{\"a\":0,\"b\":1},[0,1,2],[2,3],[1,4,7]]", NULL, HOOK_ONLY, 0},
    {"restricted (allowed): async def, async for and await", "strict",
     "import asyncio\nasync def agen():\n    for i in range(3):\n        yield i\n"
     "async def go():\n    return [i async for i in agen()] + [await asyncio.sleep(0, 7)]\n"
     "result = asyncio.run(go())",
     OK, "[0,1,2,7]", NULL, HOOK_ONLY, 0},

    /* the calls seccomp-based Python jails' tests check (no audit event: the kernel answers,
     * with every layer and with the hook off alike) */
    {"seccomp jail: chroot", "data", "import os\nos.chroot('/tmp')", EXC, "PermissionError", NULL,
     EPERM_BELOW, 0},
    {"seccomp jail: setuid(0)", "data", "import os\nos.setuid(0)", EXC, "PermissionError", NULL,
     EPERM_BELOW, 0},
    {"seccomp jail: a memfd to fexecve", "data",
     "import os\nfd = os.memfd_create('x')\nos.execve(fd, ['x'], {})", EXC, "PermissionError", NULL,
     EPERM_BELOW, 0},
    {"seccomp jail: pidfd_open of init", "data", "import os\nresult = os.pidfd_open(1)", EXC,
     "PermissionError", NULL, EPERM_BELOW, 0},
    {"seccomp jail: setsid", "data", "import os\nresult = os.setsid()", EXC, "PermissionError",
     NULL, EPERM_BELOW, 0},
    /* Dify's sandbox (langgenius/dify-sandbox): tests/integration_tests/python_malicious_test.go,
     * python_feature_test.go and python_longchars_test.go, and what its seccomp lists
     * (internal/static/python_syscall/syscalls_amd64.go) refuse. Dify runs the code as a
     * script and its host reads stdout and stderr: a script that only prints is a body here
     * (its result null), one that fails is a stdio program (the traceback goes to stderr). */
    {"dify: os.fork (TestSysFork)", "data", "\nimport os\nprint(os.fork())\nprint(123)\n\t", PV,
     "os.fork", "os.fork", EPERM_BELOW, 0},
    {"dify: os.execl (TestExec)", "data", "\nimport os\nos.execl(\"/bin/ls\", \"ls\")\n\t", PV,
     "os.exec", "os.exec", EPERM_BELOW, 0},
    {"dify: subprocess.run (TestRunCommand)", "default",
     "\nimport subprocess\nsubprocess.run([\"ls\", \"-l\"])\n\t", PV, "import", "subprocess",
     EPERM_BELOW, 0},
    /* Dify's chroot answers "No such file or directory"; so does the view below the hook */
    {"dify: /etc/passwd (TestReadEtcPasswd)", "default",
     "\nprint(open(\"/etc/passwd\").read())\n\t", PV, "open", "/etc/passwd", true, EXC,
     "FileNotFoundError", 0},
    {"dify: base64 (TestPythonBase64)", "default",
     "\nimport base64\nprint(base64.b64decode(base64.b64encode(b\"hello world\")).decode())\n\t\t",
     OK, "null", NULL, HOOK_ONLY, 0, ",\"mode\":\"body\"", "hello world\n", ""},
    {"dify: json (TestPythonJSON)", "default",
     "\nimport json\nprint(json.dumps({\"hello\": \"world\"}))\n\t\t", OK, "null", NULL, HOOK_ONLY,
     0, ",\"mode\":\"body\"", "{\"hello\": \"world\"}\n", ""},
    /* requests is not on this host: urllib stands in; no policy here allows the network, and
     * below the hook seccomp refuses the socket */
    {"dify: an HTTP GET (TestPythonRequests)", "default",
     "\nimport urllib.request\nprint(urllib.request.urlopen(\"http://1.1.1.1/\").read())\n\t", EXC,
     "URLError", NULL, true, EXC, "URLError", 0, ",\"mode\":\"body\""},
    /* httpx neither: http.client does not catch the refusal, and below it there is no DNS */
    {"dify: an HTTPS GET (TestPythonHttpx)", "default",
     "\nimport http.client\nc = http.client.HTTPSConnection(\"www.bilibili.com\")\n"
     "c.request(\"GET\", \"/\")\nprint(c.getresponse().read())\n\t",
     PV, "socket.getaddrinfo", "socket.getaddrinfo", true, EXC, "gaierror", 0,
     ",\"mode\":\"body\""},
    /* the time itself varies: its format is what the test checks */
    {"dify: now in Asia/Shanghai (TestPythonTimezone)", "default",
     "import re\nfrom datetime import datetime\nfrom zoneinfo import ZoneInfo\n"
     "s = datetime.now(ZoneInfo(\"Asia/Shanghai\")).isoformat()\n"
     "return bool(re.fullmatch(r'\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+08:00', "
     "s))",
     OK, "true", NULL, HOOK_ONLY, 0, ",\"mode\":\"body\""},
    {"dify: a print (TestPythonFd3Transport)", "default",
     "\nmarker = \"fd3-transport\"\nprint(marker)\n\t", OK, "null", NULL, HOOK_ONLY, 0,
     ",\"mode\":\"body\"", "fd3-transport\n", ""},
    {"dify: logging stays in stderr (TestPythonLoggingStaysInStderr)", "default",
     "\nimport logging\n\nlogging.basicConfig(level=logging.INFO)\n"
     "logging.info(\"Starting task...\")\nprint(\"ok\")\n\t",
     OK, "null", NULL, HOOK_ONLY, 0, ",\"mode\":\"body\"", "ok\n", "INFO:root:Starting task...\n"},
    {"dify: an exception in error and stderr (TestPythonExceptionPopulatesErrorAndStderr)",
     "default", "\nraise ValueError(\"bad input\")\n\t", EXC, "ValueError", NULL, HOOK_ONLY, 0,
     ",\"mode\":\"stdio\"", "",
     "Traceback (most recent call last):\n  File \"<code>\", line 2, in <module>\n"
     "    raise ValueError(\"bad input\")\nValueError: bad input\n"},
    /* Dify's own wrapper: main() is not called again, the top-level result is the result */
    {"dify: 304487 bytes of output (TestPythonLargeOutput)", "default",
     "def main() -> dict:\n"
     "    original_strings_with_empty = [\"apple\", \"\", \"cherry\", \"date\", \"\", \"fig\", "
     "\"grape\", \"honeydew\", \"kiwi\", \"\", \"mango\", \"nectarine\", \"orange\", \"papaya\", "
     "\"quince\", \"raspberry\", \"strawberry\", \"tangerine\", \"ugli fruit\", \"vanilla bean\", "
     "\"watermelon\", \"xigua\", \"yellow passionfruit\", \"zucchini\"] * 5\n"
     "    extended_strings = []\n"
     "    for s in original_strings_with_empty:\n"
     "        if s:\n            extended_strings.append((s * 600)[:3000])\n"
     "        else:\n            extended_strings.append(s)\n"
     "    return {\"result\": extended_strings}\n"
     "from json import loads, dumps\nfrom base64 import b64decode\n"
     "inputs = b64decode('e30=').decode('utf-8')\noutput = main(**loads(inputs))\n"
     "output = dumps(output, indent=4)\n"
     "result = f'''<<RESULT>>\n{output}\n<<RESULT>>'''\nprint(result)\n",
     OK, NULL, NULL, HOOK_ONLY, 0, NULL, NULL, "", 304487},
    /* its seccomp lists: mkdir answers an error, sockets and kill are not on them at all */
    {"dify syscalls: mkdir is an error", "data", "import os\nos.mkdir('newdir')", PV, "os.mkdir",
     NULL, true, EXC, "OSError", 0},
    {"dify syscalls: no socket without the network", "data",
     "import socket\nresult = socket.socket().connect_ex(('1.1.1.1', 80))", PV, "import", "socket",
     EPERM_BELOW, 0},
    {"dify syscalls: no kill", "data", "import os\nos.kill(os.getppid(), 0)", PV, "os.kill",
     "os.kill", EPERM_BELOW, 0},
};
#pragma GCC diagnostic pop

static char work[PATH_MAX];
static pw_pool *unhooked_pool;

/* streams: the case whose stdout and stderr the run must print, or NULL (the hook off) */
static void check(const char *label, const cJSON *r, const char *type, const char *what,
                  const char *detail, const tcase *streams)
{
    print_message("  %s\n", label);
    const char *out = cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout"));
    const char *err = cJSON_GetStringValue(cJSON_GetObjectItem(r, "stderr"));
    if (streams && streams->out) assert_string_equal(out, streams->out);
    if (streams && streams->err) assert_string_equal(err, streams->err);
    if (streams && streams->out_len) assert_int_equal(out ? strlen(out) : 0, streams->out_len);
    if (type == OK) {
        t_assert_ok(r);
        if (what) assert_string_equal(t_result_text(r), what);
    } else if (strcmp(type, PV) == 0) {
        t_assert_error(r, PV, NULL);
        assert_string_equal(t_err_str(r, "event"), what);
        if (detail) assert_string_equal(t_err_str(r, "detail"), detail);
    } else if (strcmp(type, EXC) == 0) {
        t_assert_error(r, EXC, NULL);
        assert_string_equal(t_err_str(r, "exception"), what);
    } else {
        t_assert_error(r, type, what);
    }
}

static void run_case(void **state)
{
    const tcase *c = *state;
#ifdef PW_SANITIZED
    if (c->type != OK &&
        (strcmp(c->type, "memory_limit") == 0 || strcmp(c->type, "crashed") == 0)) {
        print_message("SKIPPED under ASan: no RLIMIT_AS, and ASan reports the crash itself\n");
        skip();
    }
#endif
    char extra[PATH_MAX + 512];
    bool inline_policy = c->policy[0] == '{'; /* a policy object, else a name */
    int n = snprintf(extra, sizeof extra, "{\"policy\":%s%s%s,\"work_dir\":\"%s\"%s",
                     inline_policy ? "" : "\"", c->policy, inline_policy ? "" : "\"", work,
                     c->extra ? c->extra : "");
    if (c->timeout_ms)
        n += snprintf(extra + n, sizeof extra - (size_t)n, ",\"timeout_ms\":%ld", c->timeout_ms);
    snprintf(extra + n, sizeof extra - (size_t)n, "}");
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, c->code, NULL, extra);
        check(warm ? "warm" : "cold", r, c->type, c->what, c->detail, c);
        cJSON_Delete(r);
    }
    if (!c->off_run) return;
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", "audit", 1);
    cJSON *r = t_run_code(c->code, NULL, extra);
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    check("cold, the audit hook off", r, c->off_type, c->off_what, NULL, NULL);
    cJSON_Delete(r);
    if (!unhooked_pool) unhooked_pool = t_pool_with_switches("audit", 1);
    r = t_pool_run_code(unhooked_pool, c->code, NULL, extra);
    check("warm, the audit hook off", r, c->off_type, c->off_what, NULL, NULL);
    cJSON_Delete(r);
}

static int setup(void **state)
{
    (void)state;
    t_mkdtemp_real(work, sizeof work);
    t_write_in(work, "hello.txt", "hello\n"); /* codejail's copied files */
    t_write_in(work, "doit.py", "print('done')\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (unhooked_pool) pw_pool_destroy(unhooked_pool);
    t_pool_stop();
    t_rmtree(work);
    return 0;
}

int main(void)
{
    enum { N = sizeof cases / sizeof *cases };
    struct CMUnitTest tests[N];
    for (size_t i = 0; i < N; i++)
        tests[i] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL, (void *)&cases[i]};
    return _cmocka_run_group_tests("translated suites", tests, N, setup, teardown);
}
