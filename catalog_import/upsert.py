"""Writing validated records into the catalog in bulk: producers and their Oscar partners,
products with profile, packaging, category and THB stock record, and certifications with
standards.

Rules (FORMAT.md, "Identity and re-import"):
- the programme code is the product's identity; a producer is the same producer when its
  normalised name (``thai.identity_key``) and province match;
- a record as new as the product's newest certification updates the product in place; an
  older record only adds its certification to the product's history;
- a certification is kept per selection year, valid for the period ``certification.validity``
  gives it (``validity_years`` chosen by the caller); a status staff set (revoked, expired) is
  never reset;
- an existing producer only gets the fields it has blank filled in: what the producer or
  staff wrote since is not overwritten by a spreadsheet;
- nothing is written where nothing differs, so importing the same file again changes nothing.

Everything goes through a handful of bulk queries per chunk of records instead of a few
queries per row; that is what makes 20,000 records import in seconds.
"""
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from oscar.core.loading import get_model

from catalog_import.bulk import References, copy_insert
from catalog_import.fingerprints import remember
from catalog_import.records import Record
from catalog_import.slugs import slug_for
from marketplace.catalog import packaging_terms
from marketplace.catalog.models import OTOP_PRODUCT_CLASS_SLUG, CategoryNames, Packaging, ProductProfile
from marketplace.certification import validity
from marketplace.certification.models import Certification, CertificationStatus, Standard
from marketplace.core.lookups import any_of
from marketplace.core.thai import identity_key
from marketplace.producers.models import Producer

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

CURRENCY = "THB"
# A producer's slug is also its Oscar partner's code (128 characters): room left for a number ("-12345").
PRODUCER_SLUG_LENGTH = Partner._meta.get_field("code").max_length - 8
CHUNK = 2000
PRODUCER_FIELDS = ("name_th", "name_en", "producer_type", "address", "subdistrict", "district", "postcode",
                   "phone", "email")
PROFILE_FIELDS = ("producer_id", "name_th", "name_en", "story_th", "story_en", "unit", "otop_category", "quadrant",
                  "extra")
PACKAGING_FIELDS = ("description_th", "description_en", "length_cm", "width_cm", "height_cm", "net_weight_g", "units_per_carton",
                    "hs_code", "shelf_life_days")
# Keys of ProductProfile.extra that the import owns; others (set by staff) are left alone.
EXTRA_KEYS = ("monthly_capacity", "unmapped")


@dataclass
class WriteCounts:
    outcomes: dict = field(default_factory=dict)  # (file, sheet, row) -> created | updated | unchanged
    product_ids: set = field(default_factory=set)  # products created or changed
    producers_created: int = 0
    producers_updated: int = 0


def producer_values(record: Record) -> dict:
    name = record.producer_name
    return {  # a name in Latin letters only is the producer's English name
        "name_th": "" if name.isascii() else name,
        "name_en": name if name.isascii() else "",
        "producer_type": record.producer_type, "address": record.address, "subdistrict": record.subdistrict,
        "district": record.district, "postcode": record.postcode, "phone": record.phone, "email": record.email,
    }


def _extra(record: Record, old: dict) -> dict:
    extra = {key: value for key, value in old.items() if key not in EXTRA_KEYS}
    if record.monthly_capacity is not None:
        extra["monthly_capacity"] = record.monthly_capacity
    if record.unmapped:
        extra["unmapped"] = record.unmapped
    return extra


def profile_values(record: Record, producer_id, old_extra=None) -> dict:
    return {
        "producer_id": producer_id, "name_th": record.name_th, "name_en": record.name_en,
        "story_th": record.story_th, "story_en": record.story_en, "unit": record.unit,
        "otop_category": record.category, "quadrant": record.quadrant, "extra": _extra(record, old_extra or {}),
    }


def packaging_values(record: Record, old=None) -> dict:
    """The packaging a record gives. Its one description goes to the field of the language it is
    written in (``packaging_terms.written_language``). The other language's field (a producer's
    own translation) is kept while the description it translates stays as it was (``old``: the
    packaging's current values); a new or changed description, or none, clears it."""
    length, width, height = record.size or (None, None, None)
    own = f"description_{packaging_terms.written_language(record.packaging)}"
    other = "description_en" if own == "description_th" else "description_th"
    kept = old[other] if old and record.packaging and old[own] == record.packaging else ""
    return {
        own: record.packaging, other: kept, "length_cm": length, "width_cm": width, "height_cm": height,
        "net_weight_g": record.net_weight, "units_per_carton": record.units_per_carton,
        "hs_code": record.hs_code, "shelf_life_days": record.shelf_life,
    }


class CatalogWriter:
    """Writes records into the catalog; call ``write`` once per file, inside a transaction."""

    def __init__(self, validity_years: int):
        self.validity_years = validity_years
        self.product_class = ProductClass.objects.get(slug=OTOP_PRODUCT_CLASS_SLUG)
        self.category_ids = dict(CategoryNames.objects.values_list("code", "category_id"))
        self.otop_category_ids = set(self.category_ids.values())
        self.producers = {}  # (name_key, province_id) -> Producer, for this writer's lifetime
        self.counts = WriteCounts()
        self.references = References()  # the foreign keys of what it copies, checked by ``finish``

    def write(self, records: list[Record], progress=None) -> WriteCounts:
        producers = self._producers(records)
        for start in range(0, len(records), CHUNK):
            chunk = records[start:start + CHUNK]
            product_ids = self._products(chunk, producers)
            remember([(record.code, record.digest, product_ids[record.code]) for record in chunk],
                     references=self.references)
            if progress:
                progress(len(chunk))
        return self.counts

    def finish(self) -> None:
        """Once every file is written: the rows copied refer only to rows that exist
        (``bulk.References``), or ``IntegrityError`` and the transaction is rolled back."""
        self.references.check()

    # --- producers ---------------------------------------------------------------------
    def _producers(self, records) -> dict:
        """The producer of every record, created where new; the first non-blank value of each
        field among the records of one producer stands."""
        wanted = {}
        for record in records:
            key = (identity_key(record.producer_name), record.province.pk)
            merged = wanted.setdefault(key, {"record": record, **producer_values(record)})
            for name, value in producer_values(record).items():
                if value and not merged[name]:
                    merged[name] = value
        missing = [key for key in wanted if key not in self.producers]
        if missing:
            for producer in Producer.objects.filter(any_of("name_key", {k[0] for k in missing})):
                self.producers.setdefault((producer.name_key, producer.province_id), producer)
        self._create_producers([key for key in wanted if key not in self.producers], wanted)
        changed = []
        for key, merged in wanted.items():
            producer = self.producers[key]
            blank_filled = False
            for name in PRODUCER_FIELDS:
                if merged[name] and not getattr(producer, name):
                    setattr(producer, name, merged[name])
                    blank_filled = True
            if blank_filled:
                producer.updated = timezone.now()
                changed.append(producer)
        if changed:
            Producer.objects.bulk_update(changed, PRODUCER_FIELDS + ("updated",), batch_size=500)
            self.counts.producers_updated += len(changed)
        return {key: self.producers[key] for key in wanted}

    def _create_producers(self, keys, wanted):
        if not keys:
            return
        slugs = {key: slug_for(wanted[key]["record"].producer_name,
                               wanted[key]["record"].province.slug)[:PRODUCER_SLUG_LENGTH].strip("-") or "producer"
                 for key in keys}
        taken = _taken_slugs(slugs.values())
        for key, slug in slugs.items():
            unique, n = slug, 1
            while unique in taken:
                n += 1
                unique = f"{slug}-{n}"
            taken.add(unique)
            slugs[key] = unique
        partner_ids = copy_insert(Partner, ["name", "code"],
                                  [(wanted[key]["record"].producer_name[:128], slugs[key]) for key in keys],
                                  with_ids=True, references=self.references)
        fields = ["partner_id", "name_key", "slug", "province_id", *PRODUCER_FIELDS]
        rows = [(partner_id, key[0], slugs[key], key[1], *(wanted[key][name] for name in PRODUCER_FIELDS))
                for key, partner_id in zip(keys, partner_ids)]
        producer_ids = copy_insert(Producer, fields, rows, with_ids=True, references=self.references)
        for producer_id, row in zip(producer_ids, rows):
            producer = Producer(pk=producer_id, **dict(zip(fields, row)))
            self.producers[(producer.name_key, producer.province_id)] = producer
        self.counts.producers_created += len(keys)

    # --- products ----------------------------------------------------------------------
    def _products(self, records, producers):
        existing = {
            row["programme_code"]: row
            for row in ProductProfile.objects.filter(any_of("programme_code", [r.code for r in records])).values(
                "id", "product_id", "programme_code", "product__title", *PROFILE_FIELDS)
        }
        new = [r for r in records if r.code not in existing]
        old = [r for r in records if r.code in existing]
        product_ids = {code: row["product_id"] for code, row in existing.items()}
        product_ids.update(self._create(new, producers))
        if old:
            self._update(old, existing, producers)
        return product_ids

    def _producer_for(self, record, producers):
        return producers[(identity_key(record.producer_name), record.province.pk)]

    def _create(self, records, producers) -> dict:
        """Create products for ``records``; their ids by programme code."""
        if not records:
            return {}
        product_ids = copy_insert(
            Product, ["title", "slug", "structure", "is_public", "product_class_id"],
            [(r.name_th, slug_for(r.name_en or r.name_th), Product.STANDALONE, True, self.product_class.pk)
             for r in records], with_ids=True, references=self.references)
        profiles, packagings, links, stock = [], [], [], []
        for record, product_id in zip(records, product_ids):
            producer = self._producer_for(record, producers)
            profile = profile_values(record, producer.pk)
            profiles.append((product_id, record.code, *(profile[name] for name in PROFILE_FIELDS)))
            packaging = packaging_values(record)
            packagings.append((product_id, *(packaging[name] for name in PACKAGING_FIELDS)))
            links.append((product_id, self.category_ids[record.category]))
            # Until the producer keeps its own stock, one month's production capacity is what can be sold.
            stock.append((product_id, producer.partner_id, record.code, CURRENCY, record.price,
                          record.monthly_capacity or 0))
        copy_insert(ProductProfile, ["product_id", "programme_code", *PROFILE_FIELDS], profiles,
                    references=self.references)
        copy_insert(Packaging, ["product_id", *PACKAGING_FIELDS], packagings, references=self.references)
        copy_insert(ProductCategory, ["product_id", "category_id"], links, references=self.references)
        copy_insert(StockRecord, ["product_id", "partner_id", "partner_sku", "price_currency", "price",
                                  "num_in_stock"], stock, references=self.references)
        self._certify(list(zip(records, product_ids)), {})
        for record in records:
            self.counts.outcomes[(record.file, record.sheet, record.row)] = "created"
        self.counts.product_ids.update(product_ids)
        return {record.code: product_id for record, product_id in zip(records, product_ids)}

    def _update(self, records, existing, producers):
        product_ids = [existing[r.code]["product_id"] for r in records]
        packaging = {row["product_id"]: row for row in Packaging.objects.filter(any_of("product_id", product_ids)).values(
            "id", "product_id", *PACKAGING_FIELDS)}
        stock = {}
        for row in StockRecord.objects.filter(any_of("product_id", product_ids)).values(
                "id", "product_id", "partner_id", "partner_sku", "price", "price_currency").order_by("id"):
            stock.setdefault((row["product_id"], row["partner_sku"]), row)
        links = {}
        # Filtered here, not in SQL: with the category condition PostgreSQL scans every link.
        for row in ProductCategory.objects.filter(any_of("product_id", product_ids)).values(
                "id", "product_id", "category_id"):
            if row["category_id"] in self.otop_category_ids:
                links.setdefault(row["product_id"], []).append(row)
        certifications = {}
        for row in Certification.objects.filter(any_of("product_id", product_ids)).values(
                "id", "product_id", "selection_year", "star_level", "province_id", "valid_from", "valid_until"):
            certifications.setdefault(row["product_id"], {})[row["selection_year"]] = row

        changes = _Changes()
        to_certify = []
        for record in records:
            row = existing[record.code]
            product_id = row["product_id"]
            years = certifications.get(product_id, {})
            changed = False
            if not years or record.year >= max(years):
                producer = self._producer_for(record, producers)
                changed |= self._update_content(record, row, producer, packaging.get(product_id),
                                                stock.get((product_id, record.code)), links.get(product_id, []),
                                                changes)
            to_certify.append((record, product_id))
            self._outcome(record, product_id, changed)
        changes.save()
        for (record, product_id), certified in zip(to_certify, self._certify(to_certify, certifications)):
            if certified:
                self._outcome(record, product_id, True)

    def _outcome(self, record, product_id, changed):
        self.counts.outcomes[(record.file, record.sheet, record.row)] = "updated" if changed else "unchanged"
        if changed:
            self.counts.product_ids.add(product_id)

    def _update_content(self, record, row, producer, packaging, stock, links, changes) -> bool:
        product_id = row["product_id"]
        changed = False
        if row["product__title"] != record.name_th:
            changes.products.append(Product(pk=product_id, title=record.name_th, slug=slug_for(record.name_en or record.name_th),
                                            date_updated=timezone.now()))
            changed = True
        wanted = profile_values(record, producer.pk, row["extra"])
        if any(row[name] != value for name, value in wanted.items()):
            changes.profiles.append(ProductProfile(pk=row["id"], updated=timezone.now(), **wanted))
            changed = True
        wanted = packaging_values(record, packaging)
        if packaging is None:
            changes.new_packaging.append(Packaging(product_id=product_id, **wanted))
            changed = True
        elif any(packaging[name] != value for name, value in wanted.items()):
            changes.packaging.append(Packaging(pk=packaging["id"], product_id=product_id, **wanted))
            changed = True
        category_id = self.category_ids[record.category]
        if [link["category_id"] for link in links] != [category_id]:
            changes.unlink.extend(link["id"] for link in links)
            changes.links.append(ProductCategory(product_id=product_id, category_id=category_id))
            changed = True
        if stock is None:
            changes.new_stock.append(StockRecord(product_id=product_id, partner_id=producer.partner_id,
                                                 partner_sku=record.code, price_currency=CURRENCY, price=record.price,
                                                 num_in_stock=record.monthly_capacity or 0))
            changed = True
        elif (stock["partner_id"], stock["price"], stock["price_currency"]) != (
                producer.partner_id, record.price, CURRENCY):
            changes.stock.append(StockRecord(pk=stock["id"], partner_id=producer.partner_id, price=record.price,
                                             price_currency=CURRENCY, date_updated=timezone.now()))
            changed = True
        return changed

    def _certify(self, pairs, certifications):
        """Create or update the certification of each record's selection year; returns, for
        each pair, whether anything changed."""
        new, updated, standards_of = [], [], {}
        results = []
        for record, product_id in pairs:
            valid_from, valid_until = validity.period(record.year, self.validity_years)
            wanted = {"star_level": record.stars, "province_id": record.province.pk,
                      "valid_from": valid_from, "valid_until": valid_until}
            row = certifications.get(product_id, {}).get(record.year)
            if row is None:
                new.append((record, (product_id, record.year, CertificationStatus.CURRENT, *wanted.values())))
                results.append(True)
            else:
                standards_of[row["id"]] = record
                if any(row[name] != value for name, value in wanted.items()):
                    updated.append(Certification(pk=row["id"], updated=timezone.now(), **wanted))
                results.append(row["id"])
        fields = ["product_id", "selection_year", "status", "star_level", "province_id", "valid_from", "valid_until"]
        created = copy_insert(Certification, fields, [row for _, row in new], with_ids=True,
                              references=self.references)
        copy_insert(Standard, ["certification_id", "type", "number"], [
            (certification_id, kind, number)
            for (record, _), certification_id in zip(new, created) for kind, number in record.standards
        ], references=self.references)
        if updated:
            Certification.objects.bulk_update(updated, ["star_level", "province_id", "valid_from", "valid_until",
                                                        "updated"], batch_size=500)
        changed_ids = {c.pk for c in updated} | self._restandard(standards_of)
        return [flag is True or flag in changed_ids for flag in results]

    def _restandard(self, standards_of) -> set:
        """Replace the standards of existing certifications where the record lists others."""
        if not standards_of:
            return set()
        current = {}
        for row in Standard.objects.filter(any_of("certification_id", standards_of)).values(
                "certification_id", "type", "number"):
            current.setdefault(row["certification_id"], []).append((row["type"], row["number"]))
        changed = {cid for cid, record in standards_of.items() if sorted(current.get(cid, [])) != record.standards}
        if changed:
            Standard.objects.filter(certification_id__in=changed).delete()
            Standard.objects.bulk_create([Standard(certification_id=cid, type=kind, number=number)
                                          for cid in changed for kind, number in standards_of[cid].standards])
        return changed


def _taken_slugs(wanted) -> set:
    """The slugs among ``wanted`` (one per new producer) that a producer or a partner (code) already
    has and, for each slug that will be numbered (taken, or wanted twice), the numbered ones
    (``slug-2``, ``slug-3`` …) already taken: three queries, however many collide."""
    wanted = Counter(wanted)
    taken = set(Producer.objects.filter(any_of("slug", wanted)).values_list("slug", flat=True))
    taken |= set(Partner.objects.filter(any_of("code", wanted)).values_list("code", flat=True))
    numbered = taken | {slug for slug, count in wanted.items() if count > 1}
    if not numbered:
        return taken
    # a numbered slug is the slug, a hyphen and the number: each row's slug without its number
    # looked up among the numbered ones (PostgreSQL hashes the list once)
    bases = sorted(numbered)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT slug FROM {Producer._meta.db_table} WHERE regexp_replace(slug, '-[0-9]+$', '') = ANY(%s) "
                       f"UNION SELECT code FROM {Partner._meta.db_table} WHERE regexp_replace(code, '-[0-9]+$', '') = ANY(%s)",
                       [bases, bases])
        taken.update(slug for slug, in cursor.fetchall())
    return taken


class _Changes:
    """Updates collected over a chunk and written with one bulk query per kind."""

    def __init__(self):
        self.products, self.profiles, self.packaging, self.new_packaging = [], [], [], []
        self.links, self.unlink, self.stock, self.new_stock = [], [], [], []

    def save(self):
        if self.products:
            Product.objects.bulk_update(self.products, ["title", "slug", "date_updated"], batch_size=500)
        if self.profiles:
            ProductProfile.objects.bulk_update(self.profiles, PROFILE_FIELDS + ("updated",), batch_size=500)
        if self.packaging:
            Packaging.objects.bulk_update(self.packaging, PACKAGING_FIELDS, batch_size=500)
        Packaging.objects.bulk_create(self.new_packaging)
        if self.unlink:
            ProductCategory.objects.filter(pk__in=self.unlink).delete()
        ProductCategory.objects.bulk_create(self.links)
        if self.stock:
            StockRecord.objects.bulk_update(self.stock, ["partner_id", "price", "price_currency", "date_updated"],
                                            batch_size=500)
        StockRecord.objects.bulk_create(self.new_stock)
