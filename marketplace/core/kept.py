"""Reference data a process keeps for a few seconds instead of reading it on every request.

**The project's caching policy.** Small tables that staff edit now and then and that nearly every
request reads (the sales channels, the categories with their names) are kept in each process by a
``Kept``, and nothing else is cached: no Django cache framework, no per-request memo shared across
requests. A per-process copy answers without a network round trip or unpickling; reading the
channel and the categories through Django's cache (a Redis call each, plus unpickling the category
tree) would cost about what the two SQL statements it saves cost, and the 24-card ``ProductList``
went from ~34 to ~25 ms p50 partly by keeping them here (README, "Latency"; CHANGELOG, "GraphQL
listing speed").

A ``Kept`` value is loaded on first use and again once it is older than ``seconds``; ``forget``
(connected to the models' save and delete signals) drops it at once in the process that made the
change, and other processes load it afresh within ``seconds``. Anything kept is shared by the
process's requests and threads (gunicorn runs several per worker): read it, never change it.

Thread safety: the value and its expiry are one tuple, read and replaced in one step, so a reader
never sees one without the other (a ``forget`` between reading the expiry and the value used to
hand out ``None`` for ``seconds``). Loading runs outside the lock (two threads may load at once;
both get a complete value), and a load that started before a ``forget`` is returned to its caller
but not kept, so the process that saved a change never keeps the copy read before it.
"""
import threading
import time

KEPT_SECONDS = 10
_everything = []


class Kept:
    def __init__(self, load, seconds=KEPT_SECONDS):
        self._load, self._seconds = load, seconds
        self._lock = threading.Lock()
        self._kept = None  # (value, monotonic time it expires), or None: replaced whole, never changed
        self._generation = 0  # counts forgets, so that a load overtaken by one is not kept
        _everything.append(self)

    def get(self):
        kept = self._kept
        started = time.monotonic()
        if kept is not None and started < kept[1]:
            return kept[0]
        with self._lock:
            generation = self._generation
        value = self._load()
        with self._lock:
            if generation == self._generation:
                self._kept = (value, started + self._seconds)
        return value

    def forget(self, **signal_kwargs):
        with self._lock:
            self._generation += 1
            self._kept = None


def forget_everything():
    """Drop every kept value (tests do this between tests, whose rows are rolled back)."""
    for kept in _everything:
        kept.forget()
