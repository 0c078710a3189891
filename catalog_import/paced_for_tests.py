"""Loaded only by a test's job worker (``OTOP_JOBS_EXTRA_MODULES=catalog_import.paced_for_tests``):
checking each programme row takes ``OTOP_TEST_ROW_PAUSE_MS`` longer (default a quarter of a
millisecond), so a 20,000-row check lasts a few seconds however fast the machine. The import
browser test watches the run's page move its progress bar, which asks for the figures once a
second: on a fast machine a whole check could pass between two asks."""
import os
import time

from catalog_import.records import RowReader

_PAUSE = float(os.environ.get("OTOP_TEST_ROW_PAUSE_MS", "0.25")) / 1000
_read = RowReader.read


def _paced_read(self, number, cells):
    time.sleep(_PAUSE)
    return _read(self, number, cells)


RowReader.read = _paced_read
