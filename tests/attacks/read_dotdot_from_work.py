# Climb out of the work directory with "..".
import os
result = open(os.path.join(inputs["work"], "..", "..", "etc", "shadow")).read()
