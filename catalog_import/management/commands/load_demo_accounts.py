"""``manage.py load_demo_accounts``: the accounts to sign in with on a demo install, printed with
their passwords (``make run`` calls it after ``load_demo_catalog``). Development only: the command
refuses to run unless ``DEBUG`` is on, so production settings never get a known password.

Idempotent: each run creates or resets the same accounts with the same passwords. To add a kind of
user, append a ``DemoAccount`` to ``DEMO_ACCOUNTS``; its ``setup`` (optional) gets the user and
returns a few words on what it may do, or ``None`` when what it needs is missing.
"""
from dataclasses import dataclass
from typing import Callable, Optional

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from marketplace.orders import address_proof
from marketplace.officers.demo import act_as_demo_officer
from marketplace.producers.models import Producer
from marketplace.quotes.demo import ensure_demo_buyer
from marketplace.sales.demo import SHOPPER, claim_demo_orders, ensure_demo_sales


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    is_staff: bool = False
    is_superuser: bool = False
    setup: Optional[Callable] = None  # setup(user) -> description, or None when it cannot be set up


def demo_producer():
    """The demo producer with the most products (then by slug): the same one at every run."""
    return (Producer.objects.annotate(n_products=Count("products"))
            .order_by("-n_products", "slug").select_related("province", "partner").first())


def officer_who_imports(user):
    """The demo officer, who also imports programme records for the demo's provinces."""
    from django.contrib.auth.models import Permission

    described = act_as_demo_officer(user)
    if described is None:
        return None
    user.user_permissions.add(Permission.objects.get(codename="import_programme_records"))
    return f"{described}; imports programme records of those provinces: /dashboard/import/"


def shop_with_demo_orders(user):
    """The shopper of the demo's sales: its orders are in its order history."""
    orders = claim_demo_orders(user)
    return f"shops; {orders} demo orders in its order history: /accounts/orders/" if orders else None


def act_for_demo_producer(user):
    producer = demo_producer()
    if producer is None:
        return None
    producer.partner.users.add(user)
    orders = ensure_demo_sales(producer)
    return (f"acts for {producer.name_en or producer.name_th} ({producer.province}): /producer/ "
            f"({orders} demo orders on its Sales page)")


DEMO_ACCOUNTS = [
    DemoAccount("staff", "staff@demo.otop.test", "demo-staff-2569", is_staff=True, is_superuser=True,
                setup=lambda user: "everything: /dashboard/, /admin/"),
    DemoAccount("producer member", "producer@demo.otop.test", "demo-producer-2569", setup=act_for_demo_producer),
    DemoAccount("programme officer", "officer@demo.otop.test", "demo-officer-2569", is_staff=True,
                setup=officer_who_imports),
    # After the producer member: the demo producer has a user to answer the buyer's request.
    DemoAccount("trade buyer", "buyer@demo.otop.test", "demo-buyer-2569", setup=ensure_demo_buyer),
    # After the producer member too: its setup places the demo orders this shopper placed.
    DemoAccount("shopper", SHOPPER, "demo-shopper-2569", setup=shop_with_demo_orders),
]


def table(rows):
    """The rows as columns, each as wide as its widest cell (the last one as it is)."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    return "\n".join("  " + " ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " " + row[-1]
                     for row in rows)


class Command(BaseCommand):
    help = "Create or reset the demo accounts and print them with their passwords (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo accounts have known passwords: load_demo_accounts runs only with DEBUG on")
        rows = []
        with transaction.atomic():
            for spec in DEMO_ACCOUNTS:
                user, _ = get_user_model().objects.update_or_create(
                    username=spec.email, defaults={"email": spec.email, "is_active": True,
                                                   "is_staff": spec.is_staff, "is_superuser": spec.is_superuser})
                user.set_password(spec.password)
                user.save(update_fields=["password"])
                address_proof.shown(user)  # the demo's addresses count as confirmed (isConfirmed)
                what = spec.setup(user) if spec.setup else ""
                if what is None:
                    what = "not set up: load the demo catalog first (manage.py load_demo_catalog)"
                rows.append((spec.role, spec.email, spec.password, what))
        self.stdout.write("Demo accounts (sign in at /accounts/login/ or /admin/):\n" + table(rows))
