"""Reference data a process keeps for a few seconds instead of reading it on every request.

For small tables staff edit now and then (the sales channels, the categories) that nearly
every request reads. A ``Kept`` value is loaded on first use and again once it is older than
``seconds``; ``forget`` (connect it to the models' save and delete signals) drops it at once in
the process that made the change, and other processes load it afresh within ``seconds``.
Anything kept is shared by the process's requests: read it, never change it.
"""
import time

KEPT_SECONDS = 10
_everything = []


class Kept:
    def __init__(self, load, seconds=KEPT_SECONDS):
        self._load, self._seconds = load, seconds
        self._value, self._until = None, 0.0
        _everything.append(self)

    def get(self):
        now = time.monotonic()
        if now >= self._until:
            self._value = self._load()
            self._until = now + self._seconds
        return self._value

    def forget(self, **signal_kwargs):
        self._until = 0.0
        self._value = None


def forget_everything():
    """Drop every kept value (tests do this between tests, whose rows are rolled back)."""
    for kept in _everything:
        kept.forget()
