# policy: default
# inputs: {"names": ["Ada Lovelace", "  grace   hopper "]}
# stdout: "**********************************************************************\nFile \"pywarden_job\", line 17, in pywarden_job.slug\nFailed example:\n    slug(\"\")\nExpected:\n    '-'\nGot:\n    ''\n**********************************************************************\n1 items had failures:\n   1 of   3 in pywarden_job.slug\n***Test Failed*** 1 failures.\n"
# expect: {"slugs":["ada-lovelace","grace-hopper"],"doctest":[3,1],"unittest":[2,0]}
import doctest
import io
import unittest


def slug(name):
    """Lower-case words joined by dashes.

    >>> slug("Ada Lovelace")
    'ada-lovelace'
    >>> slug("  grace   hopper ")
    'grace-hopper'
    >>> slug("")
    '-'
    """
    return "-".join(name.lower().split())


class SlugTest(unittest.TestCase):
    def test_spaces(self):
        self.assertEqual(slug(" a  b "), "a-b")

    def test_unicode(self):
        self.assertEqual(slug("Émile Zola"), "émile-zola")


checked = doctest.testmod()  # the script checks itself before it runs, as under python3
suite = unittest.main(exit=False, argv=["slugs"], testRunner=unittest.TextTestRunner(io.StringIO()))


def main(inputs):
    return {"slugs": [slug(n) for n in inputs["names"]], "doctest": [checked.attempted, checked.failed],
            "unittest": [suite.result.testsRun, len(suite.result.failures)]}
