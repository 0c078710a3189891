"""Reference data kept per process (``marketplace.core.kept``) under gunicorn's threads: a reader
never gets nothing, and the process that saved a change never keeps the copy read before it."""
import threading
import time

from marketplace.core.kept import Kept


class Channels(dict):
    """Kept data whose old copy, when dropped, runs code (as model instances' finalizers and weak
    references do) and so lets another thread run at that point: here it always does."""

    def __del__(self):
        time.sleep(0)


def test_readers_never_get_nothing_while_other_threads_forget():
    # given channels kept by the process and read afresh often, read by 6 request threads while
    # 2 others save channels (each save forgets them)
    kept = Kept(lambda: Channels({"th-thb": "Thailand", "intl-usd": "International"}), seconds=0.0005)
    seen_nothing, stop = [], threading.Event()

    def request_thread():
        for _ in range(20_000):
            if kept.get() is None:  # (a request reads what it needs and lets the copy go)
                seen_nothing.append(1)

    def saving_thread():
        while not stop.is_set():
            kept.forget()
            time.sleep(0)

    readers = [threading.Thread(target=request_thread) for _ in range(6)]
    savers = [threading.Thread(target=saving_thread) for _ in range(2)]
    # when they all run together
    for thread in savers + readers:
        thread.start()
    for thread in readers:
        thread.join()
    stop.set()
    for thread in savers:
        thread.join()
    # then every read got the channels (a None fails every API request of that process)
    assert len(seen_nothing) == 0


def test_a_change_saved_while_another_thread_loads_is_not_hidden_by_the_older_copy():
    # given a thread that is reading the categories while another thread saves a new name
    table = {"silk": "ผ้าไหม"}
    reading, may_finish = threading.Event(), threading.Event()

    def load():
        copy = dict(table)
        if threading.current_thread().name == "slow request":
            reading.set()
            may_finish.wait(5)
        return copy

    kept = Kept(load)
    slow = threading.Thread(target=kept.get, name="slow request")
    slow.start()
    reading.wait(5)
    # when the save lands (and forgets the kept copy) before the slow read finishes
    table["silk"] = "ผ้าไหมแพรวา"
    kept.forget()
    may_finish.set()
    slow.join()
    # then the next request sees the saved name, not the copy read before the save
    assert kept.get() == {"silk": "ผ้าไหมแพรวา"}


def test_a_kept_value_is_read_once_until_it_expires_or_is_forgotten():
    # given a kept value counting its loads
    loads = []
    kept = Kept(lambda: loads.append(1) or len(loads), seconds=60)
    # when it is read many times from several threads
    threads = [threading.Thread(target=lambda: [kept.get() for _ in range(100)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first = kept.get()
    kept.forget()
    # then it was loaded once or, if threads raced for the first read, at most once each
    assert len(loads) <= 4 and first == len(loads)
    # and a forget loads it afresh
    assert kept.get() == first + 1
