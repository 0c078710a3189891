"""The storage classes media are saved with: Django's local files or django-storages' S3, keeping
Thai file names whole.

Django's ``get_valid_filename`` keeps only ``\\w`` characters, and Thai vowels above and below the
line and tone marks are combining marks, not ``\\w``: ผ้าไหม.jpg became ผาไหม.jpg (another word).
Here marks stay; path separators and other punctuation still go.
"""
import unicodedata

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from marketplace.core import thai


def valid_file_name(name) -> str:
    cleaned = thai.normalize(name).replace(" ", "_")
    cleaned = "".join(ch for ch in cleaned
                      if ch.isalnum() or ch in "-_." or unicodedata.category(ch).startswith("M"))
    if cleaned in {"", ".", ".."}:
        raise SuspiciousFileOperation(f"Could not derive file name from '{name}'")
    return cleaned


class LocalMediaStorage(FileSystemStorage):
    def get_valid_name(self, name):
        return valid_file_name(name)


class S3MediaStorage(S3Storage):
    def get_valid_name(self, name):
        return valid_file_name(name)
