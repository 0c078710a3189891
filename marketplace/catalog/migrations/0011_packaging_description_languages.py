"""A packaging description in Thai and in English: the one description field becomes the Thai one,
and a description in Latin letters only (the programme files' English ones) moves to the new
English field."""
from django.db import migrations, models


def english_to_its_field(apps, schema_editor):
    Packaging = apps.get_model("otop_catalog", "Packaging")
    # one statement: its SET reads the row as it was, so the English field gets the old description
    Packaging.objects.filter(description_th__regex=r"^[\x01-\x7f]+$").update(
        description_en=models.F("description_th"), description_th="")


def english_back(apps, schema_editor):
    Packaging = apps.get_model("otop_catalog", "Packaging")
    Packaging.objects.filter(description_th="").update(description_th=models.F("description_en"))


class Migration(migrations.Migration):
    dependencies = [("otop_catalog", "0010_stock_version")]

    operations = [
        migrations.RenameField("packaging", "description", "description_th"),
        migrations.AlterField("packaging", "description_th",
                              models.CharField(blank=True, max_length=255, verbose_name="packaging (Thai)")),
        migrations.AddField("packaging", "description_en",
                            models.CharField(blank=True, max_length=255, verbose_name="packaging (English)")),
        migrations.RunPython(english_to_its_field, english_back),
    ]
