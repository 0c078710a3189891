from django.contrib import admin

from marketplace.provinces.models import Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("iso_code", "name_th", "name_en", "region")
    list_filter = ("region",)
    search_fields = ("name_th", "name_en", "iso_code")
