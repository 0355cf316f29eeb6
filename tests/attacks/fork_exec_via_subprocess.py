# A process with no audit event: subprocess.Popen raises "subprocess.Popen", but the C function
# it calls, _posixsubprocess.fork_exec, raises nothing, and subprocess hands it out as
# _fork_exec (asyncio imports subprocess under default). With only the hook in force the shell
# ran. pywarden wraps fork_exec, refused from any caller.
import asyncio, random

fork_exec = asyncio.base_events.subprocess._fork_exec
os = random._os
r, w = os.pipe()
fork_exec([b"/bin/sh", b"-c", b"touch " + inputs["marker"].encode()], [b"/bin/sh"], True, (w,),
          None, None, -1, -1, -1, -1, -1, -1, r, w, False, False, -1, None, None, None, -1, None,
          False)
result = "spawned"
