"""Values typed into a form or an address that name a row, read in one place: a value that is not
a row id names no row (a 404 or a refusal), never an error of the database."""

BIGINT_MAX = 9_223_372_036_854_775_807  # PostgreSQL's bigint, the largest id a table may hold


def row_id(value) -> int | None:
    """``value`` as a row id (a whole number from 1 to ``BIGINT_MAX``, in ASCII digits), else None."""
    text = str(value if value is not None else "").strip()
    if not text or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= BIGINT_MAX else None
