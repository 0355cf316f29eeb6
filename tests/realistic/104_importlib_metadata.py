# policy: data
# expect: {"numpy":true,"pandas":true}
import importlib.metadata
import numpy
import pandas


def main(inputs):
    return {"numpy": importlib.metadata.version("numpy") == numpy.__version__, "pandas": pandas.__version__ == importlib.metadata.version("pandas")}
