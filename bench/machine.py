"""How fast the shared machine runs right now, printed beside the benchmarks' figures: the same
machine has run a fixed Python loop in anything from a third to twice its usual time from one day to
the next, so a figure is only comparable with one taken at a similar speed."""
import os
import time


def machine_speed():
    """Milliseconds for a fixed pure-Python loop (the same work on every run)."""
    started = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i * i
    return (time.perf_counter() - started) * 1000


def load():
    """The load average (1, 5, 15 minutes) and the loop's time now."""
    return " ".join(f"{v:.1f}" for v in os.getloadavg()) + f"; loop {machine_speed():.0f} ms"


def busy_seconds() -> float:
    """CPU seconds every process of the machine has used since it booted (``/proc/stat``: all but
    idle and I/O wait): read before and after a piece of work, the CPU it took wherever it ran (this
    process, PostgreSQL's backends and background processes, worker processes)."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
