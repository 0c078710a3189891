"""The Oscar product class every OTOP product belongs to."""
from django.db import migrations

SLUG = "otop-product"


def create(apps, schema_editor):
    ProductClass = apps.get_model("catalogue", "ProductClass")
    ProductClass.objects.get_or_create(
        slug=SLUG, defaults={"name": "OTOP product", "requires_shipping": True, "track_stock": True})


def remove(apps, schema_editor):
    apps.get_model("catalogue", "ProductClass").objects.filter(slug=SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [("otop_catalog", "0003_otop_categories")]
    operations = [migrations.RunPython(create, remove)]
