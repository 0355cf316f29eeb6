# List a directory outside the roots.
import os
result = os.listdir(inputs["host"])
