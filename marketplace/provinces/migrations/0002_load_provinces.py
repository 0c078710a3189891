"""Load the 77 provinces from the copy of the reference list kept in this app."""
import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data" / "provinces.csv"


def load(apps, schema_editor):
    Province = apps.get_model("provinces", "Province")
    with DATA.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            Province.objects.update_or_create(
                iso_code=row["iso_code"],
                defaults={"name_th": row["name_th"], "name_en": row["name_en"], "region": row["region"],
                          "slug": slugify(row["name_en"])},
            )


def unload(apps, schema_editor):
    apps.get_model("provinces", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("provinces", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
