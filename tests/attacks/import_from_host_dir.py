# Import a module from a directory outside the roots.
import sys
sys.path.insert(0, inputs["host"])
import hostmod
result = hostmod.SECRET
