"""Peak memory and time of reading the largest programme files the spreadsheet bounds admit
(``marketplace/media/spreadsheet_bounds.py`` at the settings' defaults), and of refusing bombs.

Each file is generated here (nothing big is committed) in one child process, then read by
``catalog_import.readers.read_file`` in another, so that the peak resident set size (``ru_maxrss``,
Python and Django included) is that read's alone (Linux keeps a process's peak across ``exec``:
the process that starts the reader must stay small itself):

- numbers: the most cells a file may hold (``OTOP_SPREADSHEET_MAX_CELLS``), each a distinct
  number, in two sheets (one sheet would pass the per-part size bound);
- strings: the most shared strings (``OTOP_SPREADSHEET_MAX_SHARED_STRINGS``), each distinct
  Thai text, in a shared string table just under the per-part bound, every one used by a cell;
- csv: a UTF-8 CSV of ``OTOP_MAX_SPREADSHEET_MB`` (the upload limit), 30 Thai text columns;
- bombs: a 30 KB workbook declaring 40 million empty cells, and one of 2 million shared strings.

    .venv/bin/python bench/bench_spreadsheet_memory.py [numbers|strings|csv|bombs ...]
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def _letters(index):
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header(columns):
    """Row 1: the programme format's headers, so that the reader keeps every row below."""
    from catalog_import.testing import HEADERS_EN

    return '<row r="1">' + "".join(f'<c r="{_letters(i)}1" t="inlineStr"><is><t>{HEADERS_EN[i - 1]}</t></is></c>'
                                   for i in range(1, columns + 1)) + "</row>"


def build(kind, folder):
    from itertools import chain

    from django.conf import settings

    from catalog_import.testing import sheet_xml, write_raw_workbook

    folder = Path(folder)
    if kind == "numbers":
        columns = 20
        rows_per_sheet = settings.OTOP_SPREADSHEET_MAX_CELLS // columns // 2
        letters = [_letters(i) for i in range(1, columns + 1)]

        def sheet(offset):
            return sheet_xml(chain([_header(columns)], (
                f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{(offset + r) * 37 + i}</v></c>'
                                           for i, c in enumerate(letters)) + "</row>"
                for r in range(2, rows_per_sheet + 1))))
        return write_raw_workbook(folder / "numbers.xlsx", {"one": sheet(0), "two": sheet(10**7)}, compresslevel=1)
    if kind == "strings":
        count = settings.OTOP_SPREADSHEET_MAX_SHARED_STRINGS
        strings = "".join(f"<si><t>ผ้าไหมยกดอกลำพูน {i:07d}</t></si>" for i in range(count))
        table = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                 f'spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">{strings}</sst>').encode()
        columns = 10
        letters = [_letters(i) for i in range(1, columns + 1)]
        rows = chain([_header(columns)], (
            f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>{(r - 2) * columns + i}</v></c>'
                                       for i, c in enumerate(letters)) + "</row>"
            for r in range(2, count // columns + 2)))
        return write_raw_workbook(folder / "strings.xlsx", {"strings": sheet_xml(rows)}, shared_strings=table,
                                  compresslevel=1)
    if kind == "csv":
        from catalog_import.testing import HEADERS_EN

        limit = int(settings.OTOP_MAX_SPREADSHEET_MB * 1024 * 1024)
        path = folder / "large.csv"
        with path.open("w", encoding="utf-8") as out:
            out.write(",".join(HEADERS_EN[:30]) + "\n")
            written, row = 0, 0
            while True:
                line = ",".join(f"ผ้าไหม{row}-{i}" for i in range(30)) + "\n"
                if written + len(line.encode()) > limit:
                    break
                out.write(line)
                written += len(line.encode())
                row += 1
        return path
    if kind == "empty-cells-bomb":
        rows = ("<row>" + "<c/>" * 400 + "</row>" for _ in range(100_000))
        return write_raw_workbook(folder / "bomb.xlsx", {"bomb": sheet_xml(rows)})
    if kind == "shared-strings-bomb":
        table = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                 'spreadsheetml/2006/main">' + "<si><t>x</t></si>" * 2_000_000 + "</sst>").encode()
        return write_raw_workbook(folder / "strings-bomb.xlsx", {"s": sheet_xml([])}, shared_strings=table)
    raise ValueError(kind)


def read_in_child(path):
    """In the child: read the file as the import does; print one JSON line."""
    _django()
    from catalog_import.readers import FileUnreadable, read_file

    started = time.perf_counter()
    try:
        tables = read_file(path)
        outcome = f"read: {sum(len(t.rows) for t in tables)} rows"
    except FileUnreadable as refused:
        outcome = f"refused: {refused}"
    print(json.dumps({"seconds": round(time.perf_counter() - started, 1), "outcome": outcome,
                      "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


def main(kinds):
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            built = subprocess.run([sys.executable, __file__, "--build", kind, folder], capture_output=True,
                                   text=True, check=True)
            path = Path(built.stdout.strip().splitlines()[-1])
            result = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True,
                                    text=True, check=True)
            measured = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"{kind}: {path.stat().st_size / 1024 / 1024:.1f} MB on disk, {measured['seconds']} s, "
                  f"peak {measured['peak_mb']} MB; {measured['outcome'][:160]}")
            path.unlink()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        read_in_child(sys.argv[2])
    elif sys.argv[1:2] == ["--build"]:
        _django()
        print(build(sys.argv[2], sys.argv[3]))
    else:
        main(sys.argv[1:] or ["numbers", "strings", "csv", "empty-cells-bomb", "shared-strings-bomb"])
