"""Staff edit zones, their countries and rate bands in the admin."""
from django.contrib import admin

from .models import PackagingAllowance, ShippingRate, ShippingZone, ZoneCountry


class ZoneCountryInline(admin.TabularInline):
    model = ZoneCountry
    extra = 0


class ShippingRateInline(admin.TabularInline):
    model = ShippingRate
    extra = 0


@admin.register(ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_th", "is_domestic")
    inlines = [ShippingRateInline, ZoneCountryInline]


@admin.register(ShippingRate)
class ShippingRateAdmin(admin.ModelAdmin):
    list_display = ("zone", "max_weight_g", "price_thb")
    list_filter = ("zone",)
    list_editable = ("price_thb",)


@admin.register(PackagingAllowance)
class PackagingAllowanceAdmin(admin.ModelAdmin):
    """One row: what packing adds to a net weight when a product has no gross weight."""

    list_display = ("__str__", "percent", "grams", "updated")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PackagingAllowance.objects.exists()
