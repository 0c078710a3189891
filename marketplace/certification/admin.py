"""Django admin for certifications: programme officers correct, expire or revoke them here."""
from django.contrib import admin

from marketplace.certification.models import Certification, Standard


class StandardInline(admin.TabularInline):
    model = Standard
    extra = 1


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ("product", "star_level", "selection_year", "province", "status", "valid_from", "valid_until")
    list_filter = ("status", "star_level", "selection_year", "province__region", "standards__type")
    search_fields = ("product__title", "product__profile__programme_code", "product__profile__name_th",
                     "product__profile__name_en", "standards__number")
    autocomplete_fields = ("province",)
    raw_id_fields = ("product",)
    list_select_related = ("product", "province")
    date_hierarchy = "valid_until"
    inlines = [StandardInline]
    readonly_fields = ("created", "updated")
