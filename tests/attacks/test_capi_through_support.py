# CPython's test-suite modules are native code that pokes at the interpreter by design:
# _testcapi mints code objects under any file name and unmarshals a file into any code object
# (its bytecode unchecked) with no audit event, and has functions that overflow buffers on
# purpose. default blocks importing them, but test.support imports them in import statements
# of its own (with_pymalloc, has_no_debug_ranges), which the hook let through as a library's:
# with only the hook in force a run got _testcapi and a code object named after a stdlib file.
# They are now refused whoever imports them while user code runs.
import sys
import test.support
import unittest

got = {}
try:
    test.support.with_pymalloc()
except ImportError as e:
    got["_testcapi"] = type(e).__name__
try:
    test.support.has_no_debug_ranges()
except unittest.SkipTest:
    got["_testinternalcapi"] = "refused"
capi = sys.modules.get("_testcapi")
if capi:
    got["_testcapi"] = capi.code_newempty(unittest.__file__, "f", 1).co_filename
if "_testinternalcapi" in sys.modules:
    got["_testinternalcapi"] = "loaded"
result = got
