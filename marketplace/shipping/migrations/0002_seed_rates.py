"""Seeds zones, countries and rate bands from data/*.csv, and makes those countries ones
Oscar's checkout offers (address.Country.is_shipping_country)."""
import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed(apps, schema_editor):
    Zone = apps.get_model("otop_shipping", "ShippingZone")
    ZoneCountry = apps.get_model("otop_shipping", "ZoneCountry")
    Rate = apps.get_model("otop_shipping", "ShippingRate")
    Country = apps.get_model("address", "Country")
    zones = {}
    for row in _rows("rates.csv"):
        zone = zones.get(row["zone"])
        if zone is None:
            zone, _ = Zone.objects.get_or_create(code=row["zone"], defaults={
                "name_th": row["name_th"], "name_en": row["name_en"], "is_domestic": row["zone"] == "domestic"})
            zones[row["zone"]] = zone
        Rate.objects.update_or_create(zone=zone, max_weight_g=int(row["max_weight_g"]),
                                      defaults={"price_thb": row["price_thb"]})
    for index, row in enumerate(_rows("zones.csv")):
        ZoneCountry.objects.update_or_create(country=row["country"], defaults={"zone": zones[row["zone"]]})
        Country.objects.update_or_create(
            iso_3166_1_a2=row["country"],
            defaults={"name": row["name"], "printable_name": row["name"], "is_shipping_country": True,
                      "display_order": 100 if row["country"] == "TH" else 0})


def unseed(apps, schema_editor):
    apps.get_model("otop_shipping", "ShippingZone").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("otop_shipping", "0001_initial"), ("address", "0007_useraddress_code")]
    operations = [migrations.RunPython(seed, unseed)]
