# readline reads a history file in C, with no open() audit event.
import readline
readline.read_history_file(inputs["secret"])
result = readline.get_history_item(1)
