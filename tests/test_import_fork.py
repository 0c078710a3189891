"""A large file's rows are checked in two halves at once, the second in a fork of the importing
process (``importer.FORK_FROM``, ``catalog_import.forked``): what the import finds, reports and
writes is the same as when one process checks every row, also when the fork dies, and giving up
half-way leaves no process behind."""
import os

import pytest

from catalog_import import forked, importer
from catalog_import.importer import import_files
from catalog_import.testing import record, write_csv, write_workbook
from marketplace.catalog.models import ProductProfile
from marketplace.provinces.models import Province

pytestmark = pytest.mark.django_db


def _rows(prefix, count, **fields):
    return [record(no=str(n), code=f"{prefix}-2567-{n:04d}", **fields) for n in range(1, count + 1)]


def _file_with_every_kind_of_row(tmp_path):
    """Two sheets: good rows of two provinces, rejected rows, warnings, a duplicate of a code given
    in the sheet's first half, one given on the other sheet, and a blank row and a footer."""
    north = (_rows("5103", 6, province="Lamphun")
             + [record(no="7", code="5103-2567-0001")]  # the first half's code again, in the second half
             + [record(no="8", code="5000-2567-0001", province="Chiang Mai", producer="กลุ่มจักสานแม่ริม"),
                record(no="9", code="5000-2567-0002", province="Chiang Mai", stars="9"),  # rejected
                record(no="10", code="5000-2567-0003", province="Chiang Mai", email="not an e-mail"),  # warning
                record(no="11", code="6001-2567-0001", province="Nakhon Sawan")])
    south = [record(no="1", code="5103-2567-0003", province="Lamphun"),  # a code of the other sheet
             record(no="2", code="9000-2567-0001", province="Songkhla", producer="กลุ่มกระจูดทะเลน้อย"),
             record(no="3", code="", name_th="")]  # no code, no name: not a product row
    return write_workbook(tmp_path / "selection.xlsx", {"North": north, "South": south}, blank_rows=1,
                          footer="รวม 14 รายการ")


@pytest.fixture
def forks(monkeypatch):
    """Every fork the import makes."""
    made = []
    original = forked.Fork.__init__

    def recorded(self, work):
        original(self, work)
        made.append(self)

    monkeypatch.setattr(forked.Fork, "__init__", recorded)
    return made


def _check(path, monkeypatch, fork_from, **options):
    monkeypatch.setattr(importer, "FORK_FROM", fork_from)
    return import_files([path], dry_run=True, **options).as_dict()


@pytest.mark.parametrize("provinces", [None, "Lamphun and Chiang Mai"])
def test_checked_in_two_processes_a_file_reads_as_checked_in_one(tmp_path, monkeypatch, forks, provinces):
    # given a file with every kind of row, imported whole or by an officer of two of its provinces
    path = _file_with_every_kind_of_row(tmp_path)
    scope = None if provinces is None else list(
        Province.objects.filter(name_en__in=["Lamphun", "Chiang Mai"]).values_list("pk", flat=True))

    # when it is checked by one process, then in two
    alone = _check(path, monkeypatch, 10**9, provinces=scope)
    assert not forks
    together = _check(path, monkeypatch, 1, provinces=scope)

    # then the fork did the second half, and the counts, problems and their order are the same
    assert len(forks) == 1 and forks[0].pid is None  # waited for
    assert together == alone
    assert alone["created"] == (10 if provinces is None else 8) and alone["rejected"] == (3 if provinces is None else 5)


def test_records_checked_in_the_fork_are_written_with_their_province(tmp_path, monkeypatch, forks):
    # given a file whose second half is of other provinces than its first
    path = write_csv(tmp_path / "r.csv", _rows("5103", 3, province="Lamphun")
                     + _rows("9000", 3, province="Songkhla", producer="กลุ่มกระจูดทะเลน้อย"))
    monkeypatch.setattr(importer, "FORK_FROM", 1)

    # when it is imported
    summary = import_files([path])

    # then every product is there, of its own province's producer
    assert forks and summary.created == 6
    provinces = dict(ProductProfile.objects.values_list("programme_code", "producer__province__name_en"))
    assert provinces == {**{f"5103-2567-{n:04d}": "Lamphun" for n in (1, 2, 3)},
                         **{f"9000-2567-{n:04d}": "Songkhla" for n in (1, 2, 3)}}


def test_a_second_import_counts_rows_checked_in_the_fork_as_unchanged(tmp_path, monkeypatch, forks):
    path = write_csv(tmp_path / "r.csv", _rows("5103", 8, province="Lamphun"))
    monkeypatch.setattr(importer, "FORK_FROM", 1)
    import_files([path])

    again = import_files([path])

    assert len(forks) == 2 and (again.unchanged, again.created, again.updated) == (8, 0, 0)


def test_when_the_fork_dies_this_process_checks_its_half_itself(tmp_path, monkeypatch, forks):
    # given a fork that dies before it answers
    path = _file_with_every_kind_of_row(tmp_path)
    alone = _check(path, monkeypatch, 10**9)
    monkeypatch.setattr(importer, "_sendable", lambda checked: os._exit(3))

    # when the file is checked
    together = _check(path, monkeypatch, 1)

    # then nothing is lost: the import found what one process finds
    assert len(forks) == 1 and together == alone


def test_giving_up_while_checking_leaves_no_fork_behind(tmp_path, monkeypatch, forks):
    # given an import whose progress callback stops it (a cancelled run) while rows are checked
    path = write_csv(tmp_path / "r.csv", _rows("5103", 40, province="Lamphun"))
    monkeypatch.setattr(importer, "FORK_FROM", 1)

    class Cancelled(Exception):
        pass

    def cancel(phase, done, total):
        if phase == "checking" and done > 5:
            raise Cancelled

    # when it is run
    with pytest.raises(Cancelled):
        import_files([path], on_progress=cancel)

    # then the fork was ended and reaped, and nothing was written
    assert len(forks) == 1 and forks[0].pid is None
    assert not ProductProfile.objects.exists()
