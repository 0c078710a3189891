"""A product photo's thumbnails are made by a worker when the photo is saved, so the product
page finds them ready: its first view writes no image."""
import io
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_model
from PIL import Image

from jobs_fixtures import job_rows, wait_for
from marketplace.media.thumbnails import PAGE_SIZES, page_formats
from marketplace.testing.factories import certified_product

ProductImage = get_model("catalogue", "ProductImage")


def _jpeg(size):
    out = io.BytesIO()
    Image.new("RGB", size, (180, 60, 20)).save(out, "JPEG", quality=90)
    return out.getvalue()


def _thumbnails(media_root: Path):
    folder = media_root / "thumbnails"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_new_photos_thumbnails_are_made_before_the_first_page_view(job_queue, start_worker, settings, tmp_path,
                                                                      client):
    # given a worker and the shop writing media under the same folder
    settings.MEDIA_ROOT = tmp_path
    start_worker(MEDIA_ROOT=str(tmp_path))
    product = certified_product()

    # when staff save a photo of the product
    image = ProductImage(product=product, display_order=0)
    image.original.save("ผ้าไหม.jpg", SimpleUploadedFile("ผ้าไหม.jpg", _jpeg((1600, 1200))), save=True)

    # then, with no page viewed, the worker has written the thumbnails the pages offer in their srcset
    expected = len(PAGE_SIZES) * len(page_formats())
    wait_for(lambda: len(_thumbnails(tmp_path)) == expected
             and not job_rows("marketplace.media.tasks.make_thumbnails"), what="the thumbnail job")
    made = {p: p.stat().st_mtime_ns for p in _thumbnails(tmp_path)}
    assert sorted({Image.open(p).size for p in made}) == [(256, 192), (512, 384), (1024, 768)]
    assert {Image.open(p).format for p in made} == {format.upper() for format in page_formats()}

    # and the first page view, and the thumbnails its pictures ask for, write no image
    page = client.get(f"/en/catalogue/{product.slug}_{product.pk}/")
    assert page.status_code == 200
    asked = set(re.findall(r'/thumbnail/\d+/\d+/\w+/', page.text))
    assert f"/thumbnail/{image.pk}/512/webp/" in asked
    for url in asked:
        assert client.get(url).status_code == 302
    assert {p: p.stat().st_mtime_ns for p in _thumbnails(tmp_path)} == made
