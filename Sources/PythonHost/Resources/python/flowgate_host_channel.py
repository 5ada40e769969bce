"""The host's end of the protocol pipes: request frames read ahead into a queue, reply frames written in batches.

Input: `fill()` reads whatever is available with os.read into an own buffer and splits it into frames, so several
requests sent back to back cost one read. A `k <id>` (cancel) frame is applied as it is read: a request still in the
queue is dropped and acknowledged with `k <id> null`; one already started or finished is left alone (the Swift side
drops its late reply).
Output: `emit()` collects frames and `flush()` writes them with one os.write. The host loop flushes before it waits
for input and before a request that may block; in between it may hold replies across quick requests
(`hold_or_flush`). While output is held, a flusher thread writes it once its oldest frame is `HOLD_SECONDS` old, so a
request that turns out slow never holds back an earlier reply for longer than that (plus the time to get the GIL).
"""

import os
import select
import sys
import time
from collections import deque

HOLD_SECONDS = 0.001
# The flusher goes back to sleep after this many polls in a row found nothing held.
_IDLE_POLLS = 50


class Channel:
    def __init__(self, in_fd, out_fd):
        self.in_fd, self.out_fd = in_fd, out_fd
        self.frames = deque()  # (kind, id, payload) not started yet, in arrival order
        self.eof = False
        self._pieces = []  # the start of a frame whose newline has not arrived
        self._poll = select.poll()
        self._poll.register(in_fd, select.POLLIN)
        self._out = []
        self._held_since = 0.0
        self._lock = None  # created with the flusher thread; until then only the main thread writes
        self._arm = None
        self._flusher_dormant = True

    # ---- input --------------------------------------------------------------------------------------

    def fill(self, block):
        """Reads what the pipe holds (waiting for something when `block`); False once the input has ended."""
        if self.eof:
            return False
        if not block and not self._poll.poll(0):
            return True
        data = os.read(self.in_fd, 1 << 16)
        if not data:
            self.eof = True
            return False
        end = data.rfind(b"\n")
        if end < 0:
            self._pieces.append(data)
            return True
        if self._pieces:
            self._pieces.append(data[:end])
            complete = b"".join(self._pieces)
            self._pieces = []
        else:
            complete = data[:end]
        if end + 1 < len(data):
            self._pieces.append(data[end + 1 :])
        for line in complete.split(b"\n"):
            self._accept(line)
        return True

    def _accept(self, line):
        try:
            kind, request_id, payload = line.split(b" ", 2)
            request_id = int(request_id)
        except ValueError:
            print("flowgate_host: ignoring a malformed request line", file=sys.stderr)
            return
        if kind == b"k":
            self._cancel(request_id)
        else:
            self.frames.append((kind, request_id, payload))

    def _cancel(self, request_id):
        for index, frame in enumerate(self.frames):
            if frame[1] == request_id:
                del self.frames[index]
                self.emit(b"k", request_id, "null")
                return

    # ---- output -------------------------------------------------------------------------------------

    def emit(self, kind, request_id, payload):
        """Queues one frame; it goes out with the next flush."""
        frame = b"%s %d %s\n" % (kind, request_id, payload.encode("utf-8"))
        lock = self._lock
        if lock is None:
            if not self._out:
                self._held_since = time.monotonic()
            self._out.append(frame)
            return
        with lock:
            if not self._out:
                self._held_since = time.monotonic()
            self._out.append(frame)

    def flush(self):
        """Writes every queued frame (one write for all of them)."""
        lock = self._lock
        if lock is None:
            self._write()
            return
        with lock:
            self._write()

    def hold_or_flush(self, may_block):
        """Before the next request: writes queued frames if it may block or they are old, else keeps holding them."""
        if not self._out:
            return
        if may_block or time.monotonic() - self._held_since >= HOLD_SECONDS:
            self.flush()
        elif self._flusher_dormant:
            self._wake_flusher()

    def _write(self):
        out = self._out
        if not out:
            return
        data = out[0] if len(out) == 1 else b"".join(out)
        self._out = []
        view = memoryview(data)
        while view:
            view = view[os.write(self.out_fd, view) :]

    # ---- the flusher thread -------------------------------------------------------------------------

    def _wake_flusher(self):
        if self._lock is None:
            import threading

            self._lock = threading.Lock()
            self._arm = threading.Lock()
            self._arm.acquire()
            self._flusher_dormant = False
            threading.Thread(target=self._flush_late, name="flowgate-flush", daemon=True).start()
            return
        with self._lock:
            if self._flusher_dormant:
                self._flusher_dormant = False
                self._arm.release()

    def _flush_late(self):
        idle = 0
        while True:
            time.sleep(HOLD_SECONDS)
            with self._lock:
                if self._out:
                    idle = 0
                    if time.monotonic() - self._held_since >= HOLD_SECONDS:
                        self._write()
                    continue
                idle += 1
                if idle < _IDLE_POLLS:
                    continue
                idle = 0
                self._flusher_dormant = True
            self._arm.acquire()
