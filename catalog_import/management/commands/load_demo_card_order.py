"""``manage.py load_demo_card_order``: the demo shopper's order of two producers' parcels, paid with the
test card (``marketplace.sales.demo_card``), for staff to refund one parcel of. ``run_with_worker`` (so
``make run``) runs it once its localstripe server and web server are up, with their Stripe settings: the
card needs a Stripe to be paid at, and the webhook that marks the order paid needs the web server.

Development only (``DEBUG``), as the other demo commands. Idempotent: once the order exists, it is printed
again and nothing is placed. Without the demo shopper (``load_demo_accounts``) it places nothing.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog_import.management.commands.load_demo_accounts import demo_producer
from marketplace.sales.demo import SHOPPER
from marketplace.sales.demo_card import demo_shopper, ensure_demo_card_order


class Command(BaseCommand):
    help = "Place the demo shopper's order of two producers' parcels, paid with the test card (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("a demo order paid with a test card: load_demo_card_order runs only with DEBUG on")
        shopper = demo_shopper()
        if shopper is None:
            self.stdout.write(f"No card-paid demo order: the demo shopper {SHOPPER} does not exist "
                              "(manage.py load_demo_accounts makes it).")
            return
        order, placed = ensure_demo_card_order(shopper, demo_producer())
        if order is None:
            self.stdout.write("No card-paid demo order: the catalog has no products in stock of two producers.")
            return
        paid = "placed now, paid once the worker has charged the card" if placed else order.status
        self.stdout.write(f"A card-paid order of two producers' parcels: /dashboard/orders/{order.number}/ "
                          f"({paid}; staff may refund one parcel there)")
