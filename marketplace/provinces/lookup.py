"""Find a province from the way people write it: Thai or English, with or without จ./จังหวัด."""
import re
from functools import lru_cache

from marketplace.core.thai import identity_key, normalize

_PREFIX = re.compile(r"^(จังหวัด|จ\s*\.)\s*")


def province_key(text) -> str:
    text = normalize(text)
    text = _PREFIX.sub("", text)
    text = re.sub(r"(?i)\s+province$", "", text)
    return identity_key(text)


@lru_cache(maxsize=1)
def _index():
    from marketplace.provinces.models import Province

    index = {}
    for province in Province.objects.all():
        for name in (province.name_th, province.name_en, province.iso_code):
            index[province_key(name)] = province
    return index


def find_province(text):
    """The Province for ``text``, or None when no province is called that."""
    if not text:
        return None
    return _index().get(province_key(text))


@lru_cache(maxsize=1)
def _by_id():
    return {province.pk: province for province in _index().values()}


def find_province_by_id(pk):
    """The Province of id ``pk`` (the same object ``find_province`` gives), or None."""
    return _by_id().get(pk)


def clear_cache():
    _index.cache_clear()
    _by_id.cache_clear()
