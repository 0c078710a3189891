"""Benchmark of the upload checks (marketplace/media/uploads.py): how long checking a phone-sized
photo and a large programme record takes, i.e. what an upload waits for before it is stored.
Prints milliseconds per check (median of 5) and the file sizes.

    .venv/bin/python bench/bench_media.py
"""
import io
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from samples import CATALOG_20K as CSV_20K  # noqa: E402


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def _photo(kind, size):
    from PIL import Image

    # noise over a gradient: compresses like a photograph, not like a flat colour
    picture = Image.merge("RGB", [Image.effect_noise(size, 40), Image.linear_gradient("L").resize(size),
                                  Image.effect_noise(size, 20)])
    out = io.BytesIO()
    picture.save(out, kind, quality=85) if kind == "JPEG" else picture.save(out, kind)
    return out.getvalue()


def _median_ms(check, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    times = []
    for _ in range(5):
        upload = SimpleUploadedFile(name, data)
        start = time.perf_counter()
        check(upload)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    _setup()
    from django.test import override_settings

    from marketplace.media.uploads import check_product_image, check_spreadsheet

    cases = [
        ("photo 4000×3000 JPEG", check_product_image, "photo.jpg", _photo("JPEG", (4000, 3000))),
        ("photo 2000×1500 PNG", check_product_image, "photo.png", _photo("PNG", (2000, 1500))),
        ("photo 2000×1500 WebP", check_product_image, "photo.webp", _photo("WEBP", (2000, 1500))),
        ("programme record .xlsx (demo)", check_spreadsheet, "north.xlsx",
         (REPO / "catalog_import" / "demo" / "otop-selection-north.xlsx").read_bytes()),
    ]
    if CSV_20K.exists():
        cases.append(("programme record 20,000-row CSV", check_spreadsheet, "catalog-20k.csv", CSV_20K.read_bytes()))
    with override_settings(OTOP_MAX_IMAGE_MB=50, OTOP_MAX_SPREADSHEET_MB=100):  # measure, do not refuse
        for label, check, name, data in cases:
            print(f"{label:34} {len(data) / 1024 / 1024:6.2f} MB  {_median_ms(check, name, data):8.1f} ms")


if __name__ == "__main__":
    main()
