# Not an attack: numpy must import and multiply under every layer.
import numpy as np
a = np.arange(10000, dtype=np.float64).reshape(100, 100)
result = {"sum": float((a @ a).sum()), "version": np.__version__}
