from django.contrib import admin

from marketplace.channels.models import Channel, ProductChannelListing


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "currency_code", "default_country", "is_active")


@admin.register(ProductChannelListing)
class ProductChannelListingAdmin(admin.ModelAdmin):
    list_display = ("product", "channel", "price")
    raw_id_fields = ("product",)
