# io.open_code (the import system's opener) on a host file outside the view.
import io
result = io.open_code(inputs["secret"]).read().decode()
