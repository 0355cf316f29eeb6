# policy: default
# expect: ["captured"]
import warnings


def main(inputs):
    warnings.warn("column 'x' is deprecated", DeprecationWarning)
    warnings.warn("rounding applied")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        warnings.warn("captured", RuntimeWarning)
    return [str(x.message) for x in w]
