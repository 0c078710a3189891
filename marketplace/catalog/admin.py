"""Django admin for what OTOP adds to Oscar's products and categories (staff moderation)."""
from django.contrib import admin
from oscar.apps.catalogue.admin import CategoryAdmin as OscarCategoryAdmin
from oscar.core.loading import get_model

from marketplace.catalog.models import CategoryNames, CollectionProfile, Packaging, ProductProfile

Category = get_model("catalogue", "Category")


class CategoryAdmin(OscarCategoryAdmin):
    """Oscar's category tree. Its list drew the tree's top level only for a GET: a form posted to the
    list without an action to run (the action menu left at "---------", nothing ticked) is shown again,
    and treebeard's tree then had no level to draw (a 500). A posted list shows the top level too."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and not hasattr(request, "_treebeard_parent_id"):
            request._treebeard_parent_id = None
        return super().changelist_view(request, extra_context)


admin.site.unregister(Category)
admin.site.register(Category, CategoryAdmin)


@admin.register(ProductProfile)
class ProductProfileAdmin(admin.ModelAdmin):
    list_display = ("programme_code", "name_th", "name_en", "producer", "otop_category", "updated")
    list_filter = ("otop_category", "producer__active", "producer__province__region", "quadrant")
    search_fields = ("programme_code", "name_th", "name_en", "producer__name_th", "producer__name_en")
    autocomplete_fields = ("producer",)
    raw_id_fields = ("product",)
    list_select_related = ("producer",)
    readonly_fields = ("created", "updated")


@admin.register(Packaging)
class PackagingAdmin(admin.ModelAdmin):
    list_display = ("product", "description_th", "description_en", "net_weight_g", "units_per_carton", "hs_code", "country_of_origin")
    list_filter = ("country_of_origin",)
    search_fields = ("product__title", "product__profile__programme_code", "description_th", "description_en",
                     "hs_code")
    raw_id_fields = ("product",)
    list_select_related = ("product",)


@admin.register(CategoryNames)
class CategoryNamesAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "name_en", "category")
    search_fields = ("code", "name_th", "name_en")
    raw_id_fields = ("category",)
    list_select_related = ("category",)


@admin.register(CollectionProfile)
class CollectionProfileAdmin(admin.ModelAdmin):
    """Staff edit a collection's Thai and English face here; its products in the dashboard's ranges."""

    list_display = ("name_th", "name_en", "range")
    search_fields = ("name_th", "name_en", "range__name", "range__slug")
    raw_id_fields = ("range",)
    filter_horizontal = ("channels",)
    list_select_related = ("range",)
