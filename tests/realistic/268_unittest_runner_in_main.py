# policy: default
# expect: {"run":4,"failures":["test_fail (pywarden_job.SlugTest.test_fail)"],"skipped":1,"ok":false,"has_diff":true,"first_line":"test_basic (pywarden_job.SlugTest.test_basic) ... ok"}
import io
import unittest


def slug(s):
    return "-".join(s.lower().split())


class SlugTest(unittest.TestCase):
    def test_basic(self):
        self.assertEqual(slug("Hello World"), "hello-world")

    def test_fail(self):
        self.assertEqual(slug("A  B"), "a--b")

    @unittest.skip("not yet")
    def test_skip(self):
        pass

    def test_raises(self):
        with self.assertRaises(AttributeError):
            slug(None)


def main(inputs):
    stream = io.StringIO()
    suite = unittest.TestLoader().loadTestsFromTestCase(SlugTest)
    res = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
    text = stream.getvalue()
    return {"run": res.testsRun, "failures": [str(t) for t, _ in res.failures], "skipped": len(res.skipped),
            "ok": res.wasSuccessful(), "has_diff": "- a-b" in text, "first_line": text.splitlines()[0]}
