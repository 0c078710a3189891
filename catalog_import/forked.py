"""Work done in a forked copy of this process while this one does its own share (the check of a
large programme file is split in two: one half checked here, one in the fork, on two CPUs).

The fork shares nothing it could spoil: it leaves the database connections to this process (it
has no need of them; were one used by mistake, it would open its own), answers signals as a plain
program, and ends with ``os._exit`` whatever happens, so it never runs on into its caller (a job
worker, a test runner). What it returns comes back pickled through a pipe. When the fork cannot
be made, fails or dies, ``wait`` says so with ``ForkLost`` and the caller does the work itself (and
so meets whatever went wrong in its own process, with its own traceback).
"""
import os
import pickle
import signal

from django.db import connections


class ForkLost(RuntimeError):
    """The fork could not be started, or ended without an answer."""


class Fork:
    def __init__(self, work):
        self.pid = None
        read_end, write_end = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if self.pid == 0:
            _child(work, read_end, write_end)  # never returns
        os.close(write_end)
        self._answer = os.fdopen(read_end, "rb")

    def wait(self):
        """What ``work()`` returned in the fork."""
        if self.pid is None:
            raise ForkLost("the fork could not be started")
        try:
            with self._answer:
                return pickle.load(self._answer)
        except Exception as lost:  # noqa: BLE001 -- no answer, a broken one: the caller does the work
            raise ForkLost("the fork ended without an answer") from lost
        finally:
            self._reap()

    def stop(self) -> None:
        """End the fork unfinished (the caller gave up)."""
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._answer.close()
        self._reap()

    def _reap(self):
        if self.pid is not None:
            os.waitpid(self.pid, 0)
            self.pid = None


def _child(work, read_end, write_end):
    try:
        os.close(read_end)
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            try:
                signal.signal(signal_number, signal.SIG_DFL)
            except ValueError:  # (only a main thread may; the forking thread is the fork's)
                pass
        for connection in connections.all(initialized_only=True):
            connection.connection = None  # the parent's socket: never used, never closed from here
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
    finally:  # what went wrong (nothing written) is the parent's to meet again
        os._exit(0)
