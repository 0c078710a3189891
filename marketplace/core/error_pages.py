"""Django's 400 and 500 answers in the language of the address asked for. Both are drawn without the
request's context (``400.html`` and ``500.html``, storefront_theme), and the request may have failed before
``LocaleMiddleware`` chose its language (a form of too many fields is refused by the first middleware that
reads it), so the language is read from the path here: ``/en/…`` is English, any other address Thai."""
from django.conf import settings
from django.utils import translation
from django.views import defaults


def _language(request):
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def bad_request(request, exception):
    with translation.override(_language(request)):
        return defaults.bad_request(request, exception)


def server_error(request):
    with translation.override(_language(request)):
        return defaults.server_error(request)
