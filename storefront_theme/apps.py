from django.apps import AppConfig


class StorefrontThemeConfig(AppConfig):
    """Templates and static files that give the shop its look, overriding Oscar's."""

    name = "storefront_theme"
    label = "storefront_theme"
