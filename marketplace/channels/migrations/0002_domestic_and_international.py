"""The two channels the marketplace starts with: the domestic shop in THB, the international one in USD."""
from django.db import migrations

CHANNELS = [
    # slug, name_th, name_en, currency, countries, default country, position
    ("th-thb", "ร้านค้าในประเทศ", "Thailand (THB)", "THB", ["TH"], "TH", 1),
    ("intl-usd", "ร้านค้าต่างประเทศ", "International (USD)", "USD", [], "US", 2),
]


def create(apps, schema_editor):
    Channel = apps.get_model("channels", "Channel")
    for slug, name_th, name_en, currency, countries, default_country, position in CHANNELS:
        Channel.objects.get_or_create(slug=slug, defaults=dict(
            name_th=name_th, name_en=name_en, currency_code=currency, countries=countries,
            default_country=default_country, position=position, is_active=True))


def remove(apps, schema_editor):
    apps.get_model("channels", "Channel").objects.filter(slug__in=[c[0] for c in CHANNELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("channels", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
