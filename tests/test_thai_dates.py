"""Dates on Thai pages are Buddhist-Era years with Thai months; English pages keep the Common
Era; machine formats (form values, ``datetime`` attributes) stay as they are."""
import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from marketplace.core.dates import display_date

DAY = datetime.date(2026, 12, 1)


def _render(source, language, **context):
    with translation.override(language):
        return Template(source).render(Context(context))


def test_a_thai_page_shows_the_buddhist_era_year_and_the_thai_month():
    assert _render('{{ day|date:"j M Y" }}', "th", day=DAY) == "1 ธ.ค. 2569"
    assert _render("{{ day|date }}", "th", day=DAY) == "1 ธันวาคม 2569"
    assert _render('{{ at|date:"SHORT_DATETIME_FORMAT" }}', "th",
                   at=datetime.datetime(2026, 12, 1, 9, 30)) == "1 ธ.ค. 2569, 9:30"


def test_an_english_page_keeps_the_common_era():
    assert _render('{{ day|date:"j M Y" }}', "en", day=DAY) == "1 Dec 2026"


@pytest.mark.parametrize("fmt, expected", [("Y-m-d", "2026-12-01"), ("c", "2026-12-01"), ("Y", "2026")])
def test_machine_formats_stay_in_the_common_era_on_thai_pages(fmt, expected):
    assert _render("{{ day|date:fmt }}", "th", day=DAY, fmt=fmt).startswith(expected)


def test_an_escaped_y_is_left_alone_and_no_date_shows_nothing():
    assert _render(r'{{ day|date:"\Y: j M Y" }}', "th", day=DAY) == "Y: 1 ธ.ค. 2569"
    assert _render('{{ day|date:"j M Y" }}', "th", day=None) == ""
    assert _render('{{ day|date:"j M Y" }}', "th", day="not a date") == ""


def test_python_messages_use_the_same_rule():
    with translation.override("th"):
        assert display_date(DAY) == "1 ธันวาคม 2569"
    with translation.override("en"):
        assert display_date(DAY) == "Dec. 1, 2026"
