"""The dollar price the cards show, beside the baht one, so that a shopper paying in dollars
sorts and filters on the prices they see. Existing documents get theirs at the next
``manage.py search_reindex`` (or as their products change)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('otop_search', '0004_standard_bits'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='price_usd',
            field=models.DecimalField(decimal_places=2, max_digits=12, null=True),
        ),
    ]
