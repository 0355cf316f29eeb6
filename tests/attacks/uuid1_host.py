# uuid.uuid1() under default: libuuid, which _uuid.generate_time_safe calls with no audit
# event, connects to the host's uuidd socket (/run/uuidd/request), opens its clock file
# /var/lib/libuuid/clock.txt with O_CREAT, and puts the host's MAC address in the node. With
# only the hook in force the node was this host's MAC; the kernel layers leave no interface
# to read, and libuuid then makes a random node with the multicast bit set, as pywarden now
# does without libuuid. (The socket and the clock file exist only where uuidd is installed.)
import uuid

u = uuid.uuid1()
result = {"version": u.version, "random_node": bool(u.node >> 40 & 1)}
