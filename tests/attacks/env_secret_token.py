# Look for a host secret in the environment.
import os
result = {"env": dict(os.environ)}
