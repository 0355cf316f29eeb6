/* A request's inputs as a run reads them (pw_json_text_to_py): any text the result checker
 * accepts (pw_json_compact: RFC 8259, no key twice) reads into the value Python's json.loads
 * makes of it, and the reader accepts nothing the checker refuses but a key given twice. */
#include <Python.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "interp.h"
#include "jsonconv.h"

static PyObject *loads;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_workdir();
    pw_buf why = {0};
    fz_check(pw_interp_init(&why), "the interpreter starts");
    PyObject *json = PyImport_ImportModule("json");
    loads = json ? PyObject_GetAttrString(json, "loads") : NULL;
    fz_check(loads != NULL, "json.loads is there");
    Py_XDECREF(json);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_cstr(data, size);
    const char *why = NULL;
    char *compact = pw_json_compact(text, &why);
    PyObject *v = pw_json_text_to_py(text);
    if (!v) PyErr_Clear();
    if (compact) {
        fz_check(v != NULL, "what the checker accepts is read");
        PyObject *want = PyObject_CallFunction(loads, "s", text);
        fz_check(want && PyObject_RichCompareBool(v, want, Py_EQ) == 1,
                 "it reads as json.loads reads it");
        Py_XDECREF(want);
    } else if (v) {
        fz_check(why && strstr(why, "twice"), "the reader accepts only repeated keys beyond it");
    }
    Py_XDECREF(v);
    free(compact);
    free(text);
    return 0;
}
