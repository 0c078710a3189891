"""How the apps above core show their objects in templates, registered when they start.

Core's template library (``templatetags/otop.py``) is loaded by every app's templates, but core sits
below the catalog and shipping and may not import them (``.importlinter``). Those apps register
their helpers here in ``AppConfig.ready`` (the catalog: a product's and a line's name in the active
language; shipping: an address's lines with the country in the active language), and the template
filters call them.
"""
_helpers = {}


def provide(name, function):
    _helpers[name] = function


def call(name, *args):
    try:
        helper = _helpers[name]
    except KeyError:
        raise LookupError(f"no app provides the display helper {name!r} (is it in INSTALLED_APPS?)") from None
    return helper(*args)
