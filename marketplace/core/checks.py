"""System checks of the marketplace's own settings."""
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_address_is_https(app_configs, **kwargs):
    """E-mailed links (password reset, quotes) must not send people to plain HTTP in production."""
    if settings.OTOP_SITE_URL.startswith("https://"):
        return []
    return [Warning(f"OTOP_SITE_URL is {settings.OTOP_SITE_URL}: links in e-mails would use plain HTTP.",
                    hint="Set OTOP_SITE_URL to the marketplace's https:// address (or DJANGO_ALLOWED_HOSTS, "
                         "whose first host it is taken from).",
                    id="otop.W001")]
