from django.db import migrations, models
import django.core.validators
import django.db.models.deletion


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ShippingZone",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=64, unique=True, verbose_name="code")),
                ("name_th", models.CharField(max_length=128, verbose_name="name (Thai)")),
                ("name_en", models.CharField(max_length=128, verbose_name="name (English)")),
                ("is_domestic", models.BooleanField(default=False, verbose_name="domestic")),
            ],
            options={"verbose_name": "shipping zone", "verbose_name_plural": "shipping zones",
                     "ordering": ["-is_domestic", "code"]},
        ),
        migrations.CreateModel(
            name="ZoneCountry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("country", models.CharField(max_length=2, unique=True, verbose_name="country code")),
                ("zone", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="countries",
                                           to="otop_shipping.shippingzone")),
            ],
            options={"verbose_name": "country of a zone", "verbose_name_plural": "countries of a zone",
                     "ordering": ["country"]},
        ),
        migrations.CreateModel(
            name="ShippingRate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("max_weight_g", models.PositiveIntegerField(
                    validators=[django.core.validators.MinValueValidator(1)], verbose_name="up to chargeable weight (g)")),
                ("price_thb", models.DecimalField(decimal_places=2, max_digits=10,
                                                  validators=[django.core.validators.MinValueValidator(0)],
                                                  verbose_name="price (THB)")),
                ("zone", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="rates",
                                           to="otop_shipping.shippingzone")),
            ],
            options={"verbose_name": "shipping rate", "verbose_name_plural": "shipping rates",
                     "ordering": ["zone", "max_weight_g"],
                     "constraints": [models.UniqueConstraint(fields=("zone", "max_weight_g"),
                                                             name="shipping_rate_band_unique")]},
        ),
    ]
