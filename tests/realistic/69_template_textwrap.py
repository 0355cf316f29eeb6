# policy: strict
# inputs: {"customer": {"name": "Ana Lopez", "plan": "Pro"}, "body": "Thank you for upgrading. Your new plan includes unlimited projects, priority support and a 99.9% uptime guarantee backed by credits."}
# expect: {"letter":"Dear Ana Lopez,\n\nYour plan is now Pro. Cost: $12.00.\n$missing\n","error":"KeyError('price')","body":"> Thank you for upgrading. Your new plan\n> includes unlimited projects, priority\n> support and a 99.9% uptime guarantee\n> backed by credits.","short":"Thank you for upgrading. [...]","indented":"  a\n  \n  b","ids":["name","plan","price","missing"],"fmt":"       r|  mid  |'s'","cap":"Hello World Again"}
import string
import textwrap

TEMPLATE = string.Template(textwrap.dedent("""\
    Dear $name,

    Your plan is now ${plan}. Cost: $$${price}.
    $missing
    """))


def main(inputs):
    c = inputs["customer"]
    letter = TEMPLATE.safe_substitute(c, price="12.00")
    try:
        TEMPLATE.substitute(c)
        err = None
    except KeyError as e:
        err = repr(e)
    body = textwrap.fill(inputs["body"], width=40, initial_indent="> ", subsequent_indent="> ")
    return {
        "letter": letter,
        "error": err,
        "body": body,
        "short": textwrap.shorten(inputs["body"], width=30, placeholder=" [...]"),
        "indented": textwrap.indent("a\n\nb", "  ", lambda l: True),
        "ids": TEMPLATE.get_identifiers(),
        "fmt": string.Formatter().format("{0:>8}|{x:^7}|{1!r}", "r", "s", x="mid"),
        "cap": string.capwords("hello   wORLD  again"),
    }
