"""The storage classes media are saved with: Django's local files or django-storages' S3, keeping
Thai file names whole.

Django's ``get_valid_filename`` keeps only ``\\w`` characters, and Thai vowels above and below the
line and tone marks are combining marks, not ``\\w``: ผ้าไหม.jpg became ผาไหม.jpg (another word).
Here marks stay; path separators and other punctuation still go.

Names are also shortened to ``MAX_NAME_BYTES`` of UTF-8: a file system takes 255 bytes per name
and a Thai character takes 3, so a photo named with 300 Thai characters (900 bytes) could not be
saved at all. The cut keeps the extension and falls between characters, never inside a Thai
syllable's vowel or tone mark, and leaves room for what storages add to a name (Django's
``_abc1234`` when the name is taken, the API thumbnails' ``<id>-…-<size>.webp``).
"""
import unicodedata

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from marketplace.core import thai

FILESYSTEM_NAME_BYTES = 255
# Room for a storage's suffix and for names derived from this one (thumbnails).
MAX_NAME_BYTES = FILESYSTEM_NAME_BYTES - 55
MAX_EXTENSION_BYTES = 16
THAI_LEADING_VOWELS = "เแโใไ"  # written before the consonant they follow in speech: meaningless at the end


def valid_file_name(name) -> str:
    cleaned = thai.normalize(name).replace(" ", "_")
    cleaned = "".join(ch for ch in cleaned
                      if ch.isalnum() or ch in "-_." or unicodedata.category(ch).startswith("M"))
    if cleaned in {"", ".", ".."}:
        raise SuspiciousFileOperation(f"Could not derive file name from '{name}'")
    return shortened_name(cleaned)


def shortened_name(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """``name`` cut to at most ``max_bytes`` of UTF-8, its extension kept, cut between characters
    (a base character goes with the marks above and below it)."""
    if len(name.encode()) <= max_bytes:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension.encode()) > MAX_EXTENSION_BYTES:
        stem, extension = name, ""  # no extension worth keeping
    suffix = f".{extension}" if extension else ""
    budget, kept = max_bytes - len(suffix.encode()), []
    for cluster in _clusters(stem):
        budget -= len(cluster.encode())
        if budget < 0:
            break
        kept.append(cluster)
    stem = "".join(kept).rstrip("-_." + THAI_LEADING_VOWELS)
    return (stem or "file") + suffix


def _clusters(text):
    """Each character with the combining marks that follow it."""
    cluster = ""
    for ch in text:
        if cluster and not unicodedata.category(ch).startswith("M"):
            yield cluster
            cluster = ""
        cluster += ch
    if cluster:
        yield cluster


class LocalMediaStorage(FileSystemStorage):
    def get_valid_name(self, name):
        return valid_file_name(name)


class S3MediaStorage(S3Storage):
    def get_valid_name(self, name):
        return valid_file_name(name)
