"""How long a certification is valid has one home (``marketplace.certification.validity``): the
import, the test factories and the demo catalog give the same period for the same setting, and
the listing rule lists a product exactly while that period lasts."""
import datetime

import pytest

from catalog_import.importer import import_files
from catalog_import.testing import record, write_csv
from marketplace.catalog import listing
from marketplace.certification import validity
from marketplace.certification.models import Certification
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db


def test_an_import_and_the_factories_give_a_selection_the_same_configured_period(settings, tmp_path):
    # given certifications valid five years after their selection year
    settings.OTOP_CERTIFICATION_VALIDITY_YEARS = 5

    # when a programme record of 2020 is imported and the factories certify a product of 2020
    import_files([write_csv(tmp_path / "north.csv", [record(year="2020")])])
    imported = Certification.objects.get()
    made = Certification.objects.get(product=certified_product(selection_year=2020))

    # then both are valid from 1 January 2020 to 31 December 2025
    expected = (datetime.date(2020, 1, 1), datetime.date(2025, 12, 31))
    assert (imported.valid_from, imported.valid_until) == expected
    assert (made.valid_from, made.valid_until) == expected


def test_the_demo_stretch_keeps_the_oldest_sample_current_exactly_until_the_year_ends():
    # given the demo's oldest selection (2019) and a day in 2026
    today = datetime.date(2026, 11, 30)
    years = validity.years_reaching(2019, today)
    # when/then a certification of 2019 with that many years is valid today but one year fewer is not
    assert validity.period(2019, years)[1] >= today
    assert validity.period(2019, years - 1)[1] < today


def test_a_product_is_listed_exactly_while_its_newest_certification_is_in_force():
    # given a product certified in 2021 for three years (to 31 December 2024)
    product = certified_product(selection_year=2021)
    Certification.objects.filter(product=product).update(valid_until=datetime.date(2024, 12, 31))

    # when/then it is listed on the last day and not the day after
    assert listing.is_listable(product, today=datetime.date(2024, 12, 31))
    assert not listing.is_listable(product, today=datetime.date(2025, 1, 1))
