"""The listing rule: which products shoppers may see."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from marketplace.catalog import listing
from marketplace.certification.models import CertificationStatus
from marketplace.testing.factories import CertificationFactory, ProducerFactory, UserFactory, certified_product

pytestmark = pytest.mark.django_db


def _assert_listed(product, expected):
    # the per-product check and the queryset filter must always agree
    assert listing.is_listable(product) is expected
    assert listing.listable().filter(pk=product.pk).exists() is expected


def test_current_certification_active_producer_and_price_is_listed():
    _assert_listed(certified_product(), True)


def test_expired_status_is_not_listed():
    _assert_listed(certified_product(status=CertificationStatus.EXPIRED), False)


def test_validity_period_over_is_not_listed_even_if_status_says_current():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)  # read when the test runs, not when collected
    product = certified_product(valid_from=datetime.date(2019, 1, 1), valid_until=yesterday, selection_year=2019)
    _assert_listed(product, False)


def test_validity_not_started_is_not_listed():
    today = timezone.localdate()
    product = certified_product(valid_from=today + datetime.timedelta(days=1), valid_until=today + datetime.timedelta(days=400))
    _assert_listed(product, False)


def test_revoked_is_not_listed():
    _assert_listed(certified_product(status=CertificationStatus.REVOKED), False)


def test_no_price_is_not_listed():
    _assert_listed(certified_product(price=None), False)


def test_inactive_producer_is_not_listed():
    _assert_listed(certified_product(producer=ProducerFactory(active=False)), False)


def test_unpublished_by_staff_is_not_listed():
    _assert_listed(certified_product(is_public=False), False)


def test_revoked_newest_certification_delists_despite_valid_older_one():
    # given a product certified last year and still within that validity period
    year = timezone.localdate().year
    product = certified_product(selection_year=year - 1)
    # when this year's certification is revoked
    CertificationFactory(product=product, selection_year=year, status=CertificationStatus.REVOKED)
    # then the newest certification decides
    _assert_listed(product, False)


def test_certification_history_is_kept():
    year = timezone.localdate().year
    product = certified_product(selection_year=year - 2, stars=3)
    CertificationFactory(product=product, selection_year=year, star_level=5)
    years = [(c.selection_year, c.star_level) for c in product.certifications.all()]
    assert years == [(year, 5), (year - 2, 3)]
    _assert_listed(product, True)


def test_staff_and_own_producer_see_unlisted_products_others_do_not():
    owner = UserFactory()
    producer = ProducerFactory(users=[owner])
    unlisted = certified_product(producer=producer, status=CertificationStatus.REVOKED)
    staff = UserFactory(is_staff=True)
    other_producer_user = UserFactory()
    ProducerFactory(users=[other_producer_user])

    assert listing.can_view(staff, unlisted)
    assert listing.can_view(owner, unlisted)
    assert not listing.can_view(other_producer_user, unlisted)
    assert not listing.can_view(AnonymousUser(), unlisted)


def test_a_user_of_two_producers_sees_both_their_unlisted_products_once_and_no_third_producers():
    owner, colleague = UserFactory(), UserFactory()
    first = ProducerFactory(users=[owner, colleague])  # two users of one producer: its products still once
    second = ProducerFactory(users=[owner])
    third = ProducerFactory(users=[UserFactory()])
    mine = [certified_product(producer=first, status=CertificationStatus.REVOKED),
            certified_product(producer=second, status=CertificationStatus.EXPIRED)]
    theirs = certified_product(producer=third, status=CertificationStatus.REVOKED)
    listed = certified_product(producer=third)

    seen = list(listing.visible_to(owner).values_list("pk", flat=True))
    assert sorted(seen) == sorted([p.pk for p in mine] + [listed.pk])
    assert sorted(listing.managed_by(owner).values_list("pk", flat=True)) == sorted(p.pk for p in mine)
    assert list(listing.visible_to(colleague).values_list("pk", flat=True).order_by("pk")) == sorted(
        [mine[0].pk, listed.pk])
    assert theirs.pk not in seen and not listing.managed_by(colleague).filter(pk=theirs.pk).exists()


def test_a_signed_in_shopper_is_shown_the_catalogue_by_the_anonymous_visitors_query():
    # A shopper acts for no producer: its listing must be the anonymous one, not an OR through the
    # partners' users with a DISTINCT over the whole catalogue (seven times slower at 20,000 products).
    certified_product()
    shopper = UserFactory()
    ProducerFactory(users=[UserFactory()])
    assert str(listing.visible_to(shopper).query) == str(listing.visible_to(AnonymousUser()).query)
    assert list(listing.managed_by(shopper)) == []
