"""`make run` prints the demo accounts to sign in with: created or reset at every run, their
passwords working, the producer member acting for a demo producer; never with DEBUG off."""
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from catalog_import.management.commands.load_demo_accounts import DEMO_ACCOUNTS
from marketplace.producers.models import Producer
from marketplace.quotes.models import QuoteRequest
from marketplace.testing.factories import ProducerFactory, certified_product

pytestmark = pytest.mark.django_db


def _load(capsys):
    call_command("load_demo_accounts")
    return capsys.readouterr().out


def test_the_demo_accounts_are_printed_and_sign_in_with_their_passwords(settings, capsys):
    settings.DEBUG = True
    busy = ProducerFactory(slug="b-weavers")
    certified_product(producer=busy)
    ProducerFactory(slug="a-potters")
    # when the command runs twice (make run at every start)
    _load(capsys)
    printed = _load(capsys)
    # then every account is printed once with its password, and signs in with it
    for spec in DEMO_ACCOUNTS:
        assert printed.count(spec.email) == 1 and spec.password in printed
        assert Client().login(username=spec.email, password=spec.password), spec.email
    staff, member = Client(), Client()
    staff.login(username="staff@demo.otop.test", password="demo-staff-2569")
    member.login(username="producer@demo.otop.test", password="demo-producer-2569")
    assert staff.get("/dashboard/").status_code == 200
    # the member acts for the demo producer with products, and is sent from the dashboard to the portal
    member_user = get_user_model().objects.get(username="producer@demo.otop.test")
    assert list(Producer.objects.for_user(member_user)) == [busy]
    assert member.get("/dashboard/")["Location"] == "/producer/"
    # and the trade buyer has a request about a demo product, which the member finds in the portal's quotes
    buyer = Client()
    buyer.login(username="buyer@demo.otop.test", password="demo-buyer-2569")
    request = QuoteRequest.objects.get(buyer__username="buyer@demo.otop.test")
    assert buyer.get(f"/en/quotes/{request.pk}/").status_code == 200
    assert f"/quotes/{request.pk}/" in member.get(f"/en/producer/{busy.slug}/quotes/").content.decode()
    # and the demo producer has sold (once, whatever the runs): its Sales page has figures to show
    sales = member.get(f"/en/producer/{busy.slug}/sales/").context
    assert sales["has_sales"] and sum(month.orders for month in sales["months"]) == 9
    assert any(product.page_views for product in sales["products"])
    # and the newest demo order, still to ship, carries the buyer's delivery instructions for the producer
    orders = member.get(f"/en/producer/{busy.slug}/orders/").context["shipments"]
    newest = member.get(f"/en/producer/{busy.slug}/orders/{orders[0].pk}/").content.decode()
    assert "Delivery instructions from the buyer" in newest and "ป้อมยาม" in newest
    # and the demo shopper who placed those orders is printed with a password and finds them in its history
    assert "shopper@demo.otop.test" in printed and "demo-shopper-2569" in printed
    shopper = Client()
    assert shopper.login(username="shopper@demo.otop.test", password="demo-shopper-2569")
    history = shopper.get("/en/accounts/orders/")
    assert history.status_code == 200 and history.context["paginator"].count == 9
    # and those past orders owe nobody an e-mail (the first make run's worker prints none of them):
    # confirmations and the notices of the parcels shipped alike
    from marketplace.orders.models import PendingEmail

    past = PendingEmail.objects.filter(order__user__username="shopper@demo.otop.test")
    assert past.filter(kind=PendingEmail.PARCEL_SHIPPED).count() == 7 and not past.filter(sent_at=None).exists()


def test_the_printed_table_is_aligned(settings, capsys):
    settings.DEBUG = True
    certified_product(producer=ProducerFactory(slug="b-weavers"))
    rows = [line for line in _load(capsys).splitlines() if "@demo.otop.test" in line]
    assert len(rows) == len(DEMO_ACCOUNTS)
    # each column starts at the same place on every row, "programme officer" included
    starts = {(line.index(spec.email), line.index(spec.password)) for line, spec in zip(rows, DEMO_ACCOUNTS)}
    assert len(starts) == 1, rows


def test_without_a_catalog_the_member_is_created_and_the_command_says_what_to_do(settings, capsys):
    settings.DEBUG = True
    printed = _load(capsys)
    assert "load the demo catalog first" in printed


def test_never_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_accounts")
