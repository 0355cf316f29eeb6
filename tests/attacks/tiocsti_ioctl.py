# Push characters into the controlling terminal's input (TIOCSTI).
import fcntl, termios
fcntl.ioctl(0, termios.TIOCSTI, b"x")
result = "injected"
