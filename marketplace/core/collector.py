"""Python's cyclic garbage collector held off while bulk work builds many objects that live on.

The collector runs whenever enough new container objects have been made, and each of its full
runs walks every object the process holds (Django, the schema, the Thai dictionary: over a
million). Building PyThaiNLP's 62,000-word trie (180,000 nodes) set off enough full runs to
take 1.2 of its 1.7 seconds, and an import of 20,000 rows several seconds more, while such work
makes next to no cyclic garbage: what it drops, reference counting frees at once.

    with collector.paused():
        build_many_objects()

    @collector.paused()   # or over a whole function
    def import_files(...): ...

Nested uses are fine; the collector is back as it was when the outermost one ends.
"""
import gc
from contextlib import contextmanager


@contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
