#!/usr/bin/env python3
"""The data tests' workload, run inside a client's namespaces on a FUSE mount of the volume.

  workload.py write DIR LOG INTERVAL_MS SEED
      Writes files DIR/f000001, f000002, ... one every INTERVAL_MS, each with content that follows
      from SEED and its number (1 to 64 KiB), and fsyncs it before it counts. Appends one line per
      file to LOG (flushed at once), tab-separated:
        ack <epoch ms> <file> <size> <sha256>        the write and the fsync returned without error
        err <epoch ms> <file> <errno name>: <text>   open, write, fsync or close failed
      An error does not stop it: the next file is tried after the interval (a failed file is not
      written again: it is simply not acknowledged). Ends on SIGTERM, between two files.

  workload.py verify LIST OUT
      LIST has lines "<file>\t<sha256>" (absolute paths on a fresh mount). Reads each file back and
      appends to OUT, tab-separated: "ok <file>", or "bad <file> <what is wrong>".
"""
import errno
import hashlib
import os
import signal
import sys
import time

stopping = False


def on_term(signum, frame):
    global stopping
    stopping = True


def content(seed, n):
    size = 1024 + (n * 7919) % (63 * 1024)
    unit = ("%s:%d:" % (seed, n)).encode()
    return (unit * (size // len(unit) + 1))[:size]


def now_ms():
    return int(time.time() * 1000)


def errname(e):
    return errno.errorcode.get(e.errno, "E?") if e.errno else type(e).__name__


def write(directory, log_path, interval_ms, seed):
    signal.signal(signal.SIGTERM, on_term)
    log = open(log_path, "a", buffering=1)
    n = 0
    made_dir = False
    while not stopping:
        n += 1
        name = os.path.join(directory, "f%06d" % n)
        data = content(seed, n)
        try:
            if not made_dir:
                os.makedirs(directory, exist_ok=True)
                made_dir = True
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            log.write("ack\t%d\t%s\t%d\t%s\n" % (now_ms(), name, len(data), hashlib.sha256(data).hexdigest()))
        except OSError as e:
            log.write("err\t%d\t%s\t%s: %s\n" % (now_ms(), name, errname(e), e.strerror or e))
        deadline = time.monotonic() + interval_ms / 1000.0
        while not stopping and time.monotonic() < deadline:
            time.sleep(min(0.05, max(0, deadline - time.monotonic())))
    log.close()


def verify(list_path, out_path):
    out = open(out_path, "a", buffering=1)
    with open(list_path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            name, expected = line.split("\t")
            try:
                with open(name, "rb") as g:
                    got = hashlib.sha256(g.read()).hexdigest()
                if got == expected:
                    out.write("ok\t%s\n" % name)
                else:
                    out.write("bad\t%s\tsha256 %s, written %s\n" % (name, got, expected))
            except OSError as e:
                out.write("bad\t%s\t%s: %s\n" % (name, errname(e), e.strerror or e))
    out.close()


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif len(sys.argv) == 4 and sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
