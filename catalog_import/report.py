"""The report of an import: one line per rejected row problem and per warning (file, sheet, row,
column, value, message in the active language, outcome), built with tablib for the command (CSV, or a workbook when the
report's name ends in ``.xlsx``) and the dashboard download (CSV).

The values come straight from the uploaded file, so every cell goes through
``marketplace.core.exported_cells``: a value such as ``=HYPERLINK(…)`` is written as inert text,
never as a formula; the row number stays a number.
"""
from pathlib import Path

import tablib
from django.utils.translation import pgettext

from catalog_import.problem_codes import describe
from marketplace.core.exported_cells import dataset


def headers() -> tuple:
    """The report's column names in the active language (English for the command)."""
    return (pgettext("import report", "file"), pgettext("import report", "sheet"), pgettext("import report", "row"),
            pgettext("import report", "column"), pgettext("import report", "value"),
            pgettext("import report", "message"), pgettext("import report", "outcome"))


def report_dataset(problems) -> tablib.Dataset:
    """``problems``: ``records.Problem`` objects or their dicts (as an ImportRun stores them)."""
    rows, rejected, warning = [], pgettext("import report", "rejected"), pgettext("import report", "warning")
    for problem in problems:
        p = problem if isinstance(problem, dict) else vars(problem)
        rows.append((p["file"], p["sheet"], "" if p["row"] is None else p["row"], p["column"], p["value"],
                     describe(p), rejected if p["rejected"] else warning))
    return dataset(headers(), rows)


def report_csv(problems) -> str:
    # A byte-order mark so that Excel opens the Thai text as UTF-8.
    return "\ufeff" + report_dataset(problems).export("csv")


def write_report(problems, path):
    if Path(path).suffix.lower() == ".xlsx":
        Path(path).write_bytes(report_dataset(problems).export("xlsx"))
        return
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(report_csv(problems))
