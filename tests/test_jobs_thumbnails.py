"""A product photo's thumbnails are made by a worker when the photo is saved, so the product
page finds them ready: its first view writes no image."""
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_model
from PIL import Image

from jobs_fixtures import job_rows, wait_for
from marketplace.testing.factories import certified_product

ProductImage = get_model("catalogue", "ProductImage")


def _jpeg(size):
    out = io.BytesIO()
    Image.new("RGB", size, (180, 60, 20)).save(out, "JPEG", quality=90)
    return out.getvalue()


def _thumbnails(media_root: Path):
    return sorted(p for p in (media_root / "cache").rglob("*") if p.is_file()) if (media_root / "cache").exists() else []


def test_a_new_photos_thumbnails_are_made_before_the_first_page_view(job_queue, start_worker, settings, tmp_path,
                                                                      client):
    # given a worker and the shop writing media under the same folder
    settings.MEDIA_ROOT = tmp_path
    start_worker(MEDIA_ROOT=str(tmp_path))
    product = certified_product()

    # when staff save a photo of the product
    image = ProductImage(product=product, display_order=0)
    image.original.save("ผ้าไหม.jpg", SimpleUploadedFile("ผ้าไหม.jpg", _jpeg((1600, 1200))), save=True)

    # then, with no page viewed, the worker has written the product page's thumbnails
    wait_for(lambda: len(_thumbnails(tmp_path)) == 2 and not job_rows("marketplace.media.tasks.make_thumbnails"),
             what="the thumbnail job")
    sizes = sorted(Image.open(p).size for p in _thumbnails(tmp_path))
    assert sizes == [(65, 55), (440, 330)]
    made = {p: p.stat().st_mtime_ns for p in _thumbnails(tmp_path)}

    # and the first page view shows the big one without writing any image
    page = client.get(f"/en/catalogue/{product.slug}_{product.pk}/")
    assert page.status_code == 200
    big = next(p for p in made if Image.open(p).size == (440, 330))
    assert big.name in page.text
    assert {p: p.stat().st_mtime_ns for p in _thumbnails(tmp_path)} == made
