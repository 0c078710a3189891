"""Which two-letter codes name a country: those of ISO 3166-1 as CLDR (Babel, already the source of
the country names in ``shipping.countries``) lists them.

CLDR also names a few regions that ISO 3166-1 has not assigned as countries: codes ISO only
reserves (Ascension, Clipperton, Diego Garcia, Ceuta and Melilla, the Canary Islands, Tristan da
Cunha), groupings (EU, EZ, UN, QO), its pseudo-locales (XA, XB), Kosovo's user-assigned XK and the
unknown region ZZ. They are not destinations a buyer can give.
"""
from functools import cache

NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})


@cache
def country_codes() -> frozenset[str]:
    from babel import Locale

    return frozenset(code for code in Locale("en").territories
                     if len(code) == 2 and code.isascii() and code.isalpha()) - NOT_COUNTRIES


def is_country_code(code) -> bool:
    """Whether ``code`` (any case, spaces around ignored) is an ISO 3166-1 alpha-2 country code."""
    return (code or "").strip().upper() in country_codes()


@cache
def _named(language: str) -> tuple[tuple[str, str], ...]:
    from babel import Locale

    from marketplace.core.thai import dictionary_order

    names = Locale.parse(language).territories
    by_name = {names.get(code, code): code for code in country_codes()}
    return tuple((by_name[name], name) for name in dictionary_order(by_name))


def country_choices(language: str) -> tuple[tuple[str, str], ...]:
    """Every country (``country_codes``) as (code, name), named in ``language`` (CLDR's names, Babel)
    and in that language's order: what a form offers instead of asking for a code."""
    return _named("th" if (language or "").startswith("th") else "en")
