"""The report of an import: one line per rejected row problem and per warning, as CSV
(file, sheet, row, column, value, message), built with tablib for the command and the dashboard."""
import tablib

HEADERS = ("file", "sheet", "row", "column", "value", "message", "outcome")


def report_dataset(problems) -> tablib.Dataset:
    """``problems``: ``records.Problem`` objects or their dicts (as an ImportRun stores them)."""
    dataset = tablib.Dataset(headers=HEADERS)
    for problem in problems:
        p = problem if isinstance(problem, dict) else vars(problem)
        dataset.append((p["file"], p["sheet"], "" if p["row"] is None else p["row"], p["column"], p["value"],
                        p["message"], "rejected" if p["rejected"] else "warning"))
    return dataset


def report_csv(problems) -> str:
    # A byte-order mark so that Excel opens the Thai text as UTF-8.
    return "\ufeff" + report_dataset(problems).export("csv")


def write_report(problems, path):
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(report_csv(problems))
