from django.contrib import admin

from marketplace.producers.models import Producer


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name_th", "name_en", "producer_type", "province", "verified", "active")
    list_filter = ("producer_type", "verified", "active", "province__region")
    search_fields = ("name_th", "name_en", "district", "subdistrict")
    autocomplete_fields = ("province",)
    readonly_fields = ("name_key",)
