"""``manage.py load_demo_content``: the demo shop's collections (trade fairs and campaigns, with Thai
and English names and a drawn banner, published in their channels) and its content pages (about,
shipping, returns, privacy, terms, contact in Thai and English), and the gross weights of the
export-ready products, without which nothing ships abroad (``demo_content/packaging.py``). ``make demo`` runs it after
``load_demo_accounts``; the footer menu and the navbar follow from these and the categories.

Idempotent, and it keeps staff's work: it creates what is missing and leaves alone what exists, so a
page or collection staff edited stays as they left it at every restart of ``make run``.
"""
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import transaction
from oscar.core.loading import get_model

from catalog_import.demo_content.collections import DEMO_COLLECTIONS, banner_file
from catalog_import.demo_content.packaging import export_ready_codes, record_gross_weights
from catalog_import.demo_content.pages import DEMO_PAGES
from marketplace.catalog.models import CollectionProfile
from marketplace.channels.models import Channel
from marketplace.content.pages import ENGLISH_PREFIX

Range = get_model("offer", "Range")


class Command(BaseCommand):
    help = "Create the demo collections and content pages that are missing (existing ones are left as they are)."

    @transaction.atomic
    def handle(self, *args, **options):
        pages = sum(self._page(page) for page in DEMO_PAGES)
        collections = [self._collection(collection) for collection in DEMO_COLLECTIONS]
        created = [name for name, new in collections if new]
        self.stdout.write(f"demo content: {pages} pages created, {len(DEMO_PAGES) * 2 - pages} kept; "
                          f"{len(created)} collections created, {len(collections) - len(created)} kept")
        for name, _ in collections:
            self.stdout.write(f"  collection {name}")
        weighed = record_gross_weights(export_ready_codes())
        if weighed:
            self.stdout.write(f"  gross weights recorded for {weighed} export-ready products (they can go abroad)")

    def _page(self, page) -> int:
        """Creates the Thai page and its English version when missing; how many were created."""
        site = Site.objects.get(pk=settings.SITE_ID)
        created = 0
        for url, title, content in ((f"/{page.slug}/", page.title_th, page.content_th),
                                    (f"{ENGLISH_PREFIX}{page.slug}/", page.title_en, page.content_en)):
            flatpage, new = FlatPage.objects.get_or_create(url=url, defaults={"title": title, "content": content})
            flatpage.sites.add(site)
            created += new
        return created

    def _collection(self, collection):
        """(the collection's slug and product count, whether it was created)."""
        found, new = Range.objects.get_or_create(slug=collection.slug,
                                                 defaults={"name": collection.name_en, "is_public": True})
        if new:
            for position, product in enumerate(collection.pick()):
                found.add_product(product, display_order=position)
        profile, _ = CollectionProfile.objects.get_or_create(range=found, defaults={
            "name_th": collection.name_th, "name_en": collection.name_en,
            "description_th": collection.description_th, "description_en": collection.description_en})
        if not profile.background_image:
            profile.background_image.save(f"{collection.slug}.png", banner_file(collection), save=True)
        if new and collection.channels:
            profile.channels.set(Channel.objects.filter(slug__in=collection.channels))
        return f"{collection.slug} ({found.included_products.count()} products)", new
