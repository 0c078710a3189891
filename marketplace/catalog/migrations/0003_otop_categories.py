"""Create the five OTOP categories as root Oscar categories with Thai and English names."""
from django.db import migrations

CATEGORIES = [
    ("food", "อาหาร", "Food"),
    ("beverages", "เครื่องดื่ม", "Beverages"),
    ("textiles", "ผ้า เครื่องแต่งกาย", "Textiles and apparel"),
    ("household", "ของใช้ ของตกแต่ง ของที่ระลึก", "Household, decoration and souvenirs"),
    ("herbal", "สมุนไพรที่ไม่ใช่อาหาร", "Herbal products (non-food)"),
]


def create(apps, schema_editor):
    Category = apps.get_model("catalogue", "Category")
    CategoryNames = apps.get_model("otop_catalog", "CategoryNames")
    existing_roots = Category.objects.filter(depth=1).count()
    for position, (code, name_th, name_en) in enumerate(CATEGORIES, start=existing_roots + 1):
        if CategoryNames.objects.filter(code=code).exists():
            continue
        # Historical models have no treebeard API: write the materialised path by hand (steplen 4).
        category = Category.objects.create(
            path=f"{position:04d}", depth=1, numchild=0, name=name_en, slug=code,
            is_public=True, ancestors_are_public=True,
        )
        CategoryNames.objects.create(category=category, code=code, name_th=name_th, name_en=name_en)


def remove(apps, schema_editor):
    CategoryNames = apps.get_model("otop_catalog", "CategoryNames")
    for names in CategoryNames.objects.filter(code__in=[c[0] for c in CATEGORIES]):
        names.category.delete()


class Migration(migrations.Migration):
    dependencies = [("otop_catalog", "0002_initial"), ("catalogue", "0032_category_exclude_from_menu_category_long_description")]
    operations = [migrations.RunPython(create, remove)]
