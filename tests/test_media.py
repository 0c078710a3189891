"""Media: product photos and programme records are checked by content and size; with a bucket
configured they live in S3 (moto's server mode here), with signed URLs and thumbnails there too;
without one, local files stay the default."""
import io
import re
import socket
import struct
import unicodedata
import zipfile
import zlib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import boto3
import pytest
import requests
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from marketplace.media import storage as media_storage
from marketplace.media.uploads import check_product_image, check_spreadsheet
from marketplace.testing.factories import UserFactory, certified_product

ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
DEMO = Path(__file__).resolve().parent.parent / "catalog_import" / "demo"
BUCKET = "otop-media-test"


# --- moto's S3 server, one per session; each S3 test points the default storage at it -----------
def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port())
    server.start()
    endpoint = f"http://127.0.0.1:{server._port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
                 aws_secret_access_key="testing").create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """The project's S3 configuration, built by marketplace/media/storage.py from an environment
    naming the moto server; credentials as the environment would give them."""
    from django.utils.functional import empty
    from sorl.thumbnail import default as sorl_default

    environ = {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_endpoint,
               "AWS_S3_REGION_NAME": "us-east-1", "AWS_S3_ADDRESSING_STYLE": "path"}
    for name, value in media_storage.s3_settings(environ).items():
        setattr(settings, name, value)
    settings.AWS_S3_ACCESS_KEY_ID = "testing"
    settings.AWS_S3_SECRET_ACCESS_KEY = "testing"
    settings.THUMBNAIL_STORAGE = media_storage.S3_BACKEND
    settings.STORAGES = {**settings.STORAGES, "default": media_storage.default_storage_config(environ)}
    sorl_default.storage._wrapped = empty  # sorl keeps its storage object: make it read the settings again
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    yield client
    sorl_default.storage._wrapped = empty


def keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


# --- files ------------------------------------------------------------------------------------
def jpeg_bytes(size=(64, 48), color=(200, 40, 40)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=90)
    return out.getvalue()


def png_header_only(width, height):
    """A PNG that declares width × height pixels: a few dozen bytes that would unpack into gigabytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(check, file, **limits):
    with pytest.raises(ValidationError) as caught:
        check(file, **limits)
    with translation.override("en"):
        english = " ".join(caught.value.messages)
    with translation.override("th"):
        thai = " ".join(caught.value.messages)
    return english, thai


# --- Oscar's dashboard product page, submitted as a staff member's browser would -----------------
class _FormFields(HTMLParser):
    """The values a browser would send for the form with the given id (inputs, selects, textareas)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in ("file", "submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = attrs.get("value", "")
            if "selected" in attrs:
                self._selected = True
                self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            self.fields[-1] = (self._textarea, self.fields[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if not self._selected and self._first_option is not None:  # a browser sends the first option
                self.fields.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_product_image(client, product, file):
    url = f"/dashboard/catalogue/products/{product.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormFields("create_update_product_form")
    parser.feed(page.content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data["images-0-original"] = file
    return client.post(url, data)


def form_errors(response):
    context = response.context or {}
    found = {name: getattr(context.get(name), "errors", None) for name in ("form", "image_formset", "stockrecord_formset",
                                                                        "category_formset", "recommended_formset")}
    return {name: errors for name, errors in found.items() if errors}


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # a programme officer
    return client


# --- storage configuration ------------------------------------------------------------------------
def test_local_files_are_the_default_without_a_bucket(settings, tmp_path):
    # given this test run's environment, which names no bucket
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    # when a file is saved
    name = default_storage.save(default_storage.generate_filename("images/ผ้าไหม ยกดอก.jpg"), ContentFile(b"x"))
    # then it is a local file under MEDIA_ROOT, its Thai name whole (vowels and tone marks kept)
    assert name == "images/ผ้าไหม_ยกดอก.jpg"
    assert (tmp_path / "images" / "ผ้าไหม_ยกดอก.jpg").read_bytes() == b"x"
    assert default_storage.url(name) == "/media/images/%E0%B8%9C%E0%B9%89%E0%B8%B2%E0%B9%84%E0%B8%AB%E0%B8%A1_" \
                                        "%E0%B8%A2%E0%B8%81%E0%B8%94%E0%B8%AD%E0%B8%81.jpg"
    assert not hasattr(settings, "AWS_STORAGE_BUCKET_NAME")
    assert media_storage.default_storage_config({"AWS_S3_ENDPOINT_URL": "http://x"})["BACKEND"] == \
        media_storage.LOCAL_BACKEND
    assert media_storage.s3_settings({"AWS_S3_REGION_NAME": "ap-southeast-1"}) == {}


def test_the_settings_switch_to_the_bucket_named_in_the_environment():
    # given a process started with a bucket in its environment (and credentials, which stay there)
    import os
    import subprocess
    import sys

    env = {**os.environ, "AWS_STORAGE_BUCKET_NAME": "otop-media", "AWS_S3_REGION_NAME": "ap-southeast-1",
           "AWS_SECRET_ACCESS_KEY": "from-the-environment", "DJANGO_SETTINGS_MODULE": "marketplace.settings"}
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "from django.core.files.storage import storages; d = storages['default']; "
            "print(type(d).__name__, d.bucket_name, d.region_name, d.querystring_auth, s.THUMBNAIL_STORAGE, "
            "hasattr(s, 'AWS_SECRET_ACCESS_KEY'))")
    # when Django starts, then its default storage is that bucket, signed URLs, thumbnails beside
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout.split()
    assert out == ["S3MediaStorage", "otop-media", "ap-southeast-1", "True", media_storage.S3_BACKEND, "False"]


def test_a_bucket_in_the_environment_selects_s3_with_signed_urls():
    environ = {"AWS_STORAGE_BUCKET_NAME": "otop-media", "AWS_S3_REGION_NAME": "ap-southeast-1",
               "AWS_S3_ENDPOINT_URL": "", "AWS_SECRET_ACCESS_KEY": "never-a-setting"}
    assert media_storage.default_storage_config(environ) == {"BACKEND": media_storage.S3_BACKEND}
    values = media_storage.s3_settings(environ)
    assert values["AWS_STORAGE_BUCKET_NAME"] == "otop-media"
    assert values["AWS_S3_REGION_NAME"] == "ap-southeast-1"
    assert values["AWS_QUERYSTRING_AUTH"] is True
    assert "AWS_S3_ENDPOINT_URL" not in values  # blank means AWS itself
    assert not any("SECRET" in name or "ACCESS_KEY" in name for name in values)
    assert media_storage.s3_settings({**environ, "AWS_QUERYSTRING_AUTH": "false"})["AWS_QUERYSTRING_AUTH"] is False


# --- product photos in S3 through the dashboard ---------------------------------------------------
@pytest.mark.django_db
def test_dashboard_photo_with_a_thai_name_lands_in_the_bucket_and_shows_on_the_product_page(
        bucket, staff_client, client):
    # given a listed product and a staff member on its dashboard page
    product = certified_product()
    photo = jpeg_bytes((800, 600))
    before = keys(bucket)

    # when they upload a JPEG named in Thai
    response = post_product_image(staff_client, product, upload("ผ้าไหมยกดอก.jpg", photo, "image/jpeg"))

    # then it is saved in the bucket under its Thai name, byte for byte
    assert response.status_code == 302, form_errors(response)
    image = ProductImage.objects.get(product=product)
    added = keys(bucket) - before
    assert added == {image.original.name}
    assert "ผ้าไหมยกดอก" in image.original.name
    stored = bucket.get_object(Bucket=BUCKET, Key=image.original.name)["Body"].read()
    assert stored == photo

    # and its URL is a signed URL to the bucket's endpoint that gives the same bytes
    url = image.original.url
    assert url.startswith(f"{bucket.meta.endpoint_url}/{BUCKET}/")
    assert "X-Amz-Signature=" in url or "Signature=" in url
    fetched = requests.get(url, timeout=10)
    assert fetched.status_code == 200 and fetched.content == photo
    assert requests.get(url.split("?")[0], timeout=10).status_code == 403  # private without the signature

    # when a shopper opens the product page
    page = client.get(product.get_absolute_url(), follow=True)

    # then it shows the photo's thumbnail, which the shop writes into the bucket and redirects to
    assert page.status_code == 200
    html = page.content.decode()
    sources = [unescape(src) for src in re.findall(r'<img[^>]+src="([^"]+)"', html)]
    shown = [src for src in sources if src.startswith(f"/thumbnail/{image.pk}/")]
    assert shown, sources
    redirect = client.get(shown[0])
    assert redirect.status_code == 302
    thumbnails = keys(bucket) - before - {image.original.name}
    assert any(unquote(urlsplit(redirect["Location"]).path).endswith(key) for key in thumbnails), thumbnails
    # and the address is signed: a browser gets the picture from the bucket
    fetched = requests.get(redirect["Location"], timeout=10)
    assert fetched.status_code == 200
    thumb = Image.open(io.BytesIO(fetched.content))
    assert thumb.size == (512, 384)


@pytest.mark.django_db
def test_saving_the_product_again_without_a_new_file_keeps_its_photo(bucket, staff_client):
    product = certified_product()
    assert post_product_image(staff_client, product, upload("ครก.png", _png())).status_code == 302
    stored = keys(bucket)

    response = post_product_image(staff_client, product, "")  # the form as it is, no new file

    assert response.status_code == 302, form_errors(response)
    assert ProductImage.objects.filter(product=product).count() == 1
    assert all(key.startswith("cache/") for key in keys(bucket) - stored)  # only the dashboard's thumbnails


def _png():
    out = io.BytesIO()
    Image.new("RGB", (50, 50), (30, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.django_db
def test_dashboard_refuses_a_text_file_named_jpg_and_stores_nothing(bucket, staff_client):
    product = certified_product()
    before = keys(bucket)

    response = post_product_image(staff_client, product, upload("photo.jpg", b"just some text, not a photo\n" * 40))

    # then the page says, in Thai, which file is not an image
    assert response.status_code == 200
    message = "“photo.jpg” ไม่ใช่ไฟล์ภาพ รับเฉพาะภาพ JPEG, PNG หรือ WebP"
    assert form_errors(response)["image_formset"][0]["original"] == [message]
    assert message in response.content.decode()
    assert ProductImage.objects.filter(product=product).count() == 0
    assert keys(bucket) == before


@pytest.mark.django_db
def test_dashboard_refuses_a_decompression_bomb_and_stores_nothing(bucket, staff_client):
    product = certified_product()
    before = keys(bucket)

    response = post_product_image(staff_client, product, upload("bomb.png", png_header_only(80_000, 80_000), "image/png"))

    assert response.status_code == 200
    assert form_errors(response)["image_formset"][0]["original"] == ["“bomb.png” มีจำนวนพิกเซลมากเกินไป"]
    assert ProductImage.objects.filter(product=product).count() == 0
    assert keys(bucket) == before


@pytest.mark.django_db
def test_dashboard_refuses_an_oversized_photo_with_its_size_and_the_limit(bucket, staff_client, settings):
    # given a limit of 0.1 MB and a real JPEG above it
    settings.OTOP_MAX_IMAGE_MB = 0.1
    product = certified_product()
    noise = Image.effect_noise((600, 600), 100).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=95)
    assert out.tell() > 0.1 * 1024 * 1024
    before = keys(bucket)

    response = post_product_image(staff_client, product, upload("big.jpg", out.getvalue(), "image/jpeg"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "big.jpg" in html and "0.1 MB" in html
    assert "ขนาด" in html  # Thai (the dashboard's default language)
    assert ProductImage.objects.filter(product=product).count() == 0
    assert keys(bucket) == before


@pytest.mark.django_db
def test_api_thumbnail_is_written_to_the_bucket_and_redirects_to_a_signed_url(bucket, client):
    # given a listed product whose photo is in the bucket
    product = certified_product()
    image = ProductImage(product=product, display_order=0)
    image.original.save("ข้าวหอมมะลิ.jpg", SimpleUploadedFile("ข้าวหอมมะลิ.jpg", jpeg_bytes((1200, 900))), save=True)
    before = keys(bucket)

    # when a Saleor client follows the API's thumbnail URL
    response = client.get(f"/thumbnail/{image.pk}/256/webp/")

    # then a 256-pixel WebP is written to the bucket and the redirect is a signed URL to it
    assert response.status_code == 302
    added = keys(bucket) - before
    assert len(added) == 1 and "ข้าวหอมมะลิ" in next(iter(added))
    fetched = requests.get(response["Location"], timeout=10)
    thumb = Image.open(io.BytesIO(fetched.content))
    assert (thumb.format, max(thumb.size)) == ("WEBP", 256)


@pytest.mark.django_db
def test_dashboard_category_picture_gets_the_same_check(bucket, staff_client):
    # given a category picture that is a GIF (Django's own image check lets it through)
    gif = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 90, 200)).save(gif, "GIF")
    before = keys(bucket)
    url = "/dashboard/catalogue/categories/create/"
    parser = _FormFields("create_update_category_form")
    parser.feed(staff_client.get(url).content.decode())
    data = {name: value for name, value in parser.fields}
    data.update(name="ผ้าทอมือ", image=upload("cover.gif", gif.getvalue(), "image/gif"))

    # when a member of staff creates the category with it
    response = staff_client.post(url, data)

    # then the page answers with the refusal in Thai and nothing is stored
    assert response.status_code == 200
    assert "“cover.gif” เป็นภาพแบบ GIF รับเฉพาะภาพ JPEG, PNG หรือ WebP" in response.content.decode()
    assert keys(bucket) == before
    assert not Category.objects.filter(name="ผ้าทอมือ").exists()

    # when they send a PNG instead, the category is created with its picture in the bucket
    png = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 90, 200)).save(png, "PNG")
    data["image"] = upload("cover.png", png.getvalue(), "image/png")
    created = staff_client.post(url, data)
    assert created.status_code == 302, form_errors(created)
    assert keys(bucket) - before == {Category.objects.get(name="ผ้าทอมือ").image.name}


@pytest.mark.django_db
def test_admin_product_image_form_runs_the_same_check(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    product = certified_product()
    gif = io.BytesIO()
    Image.new("RGB", (20, 20)).save(gif, "GIF")

    response = client.post("/admin/catalogue/productimage/add/", {
        "product": product.pk, "original": upload("anim.gif", gif.getvalue(), "image/gif"),
        "caption": "", "display_order": 0})

    assert response.status_code == 200
    assert "anim.gif" in response.content.decode()
    assert ProductImage.objects.count() == 0
    assert not any(tmp_path.rglob("*.gif"))


# --- the image check itself ---------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_real_jpeg_png_and_webp_photos_pass(kind):
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (10, 120, 60)).save(out, kind)
    file = upload(f"photo.{kind.lower()}", out.getvalue())
    check_product_image(file)
    assert file.tell() == 0  # left ready to be saved


def test_a_truncated_jpeg_is_refused():
    data = jpeg_bytes((400, 300))
    english, thai = refusal(check_product_image, upload("cut.jpg", data[: len(data) // 2]))
    assert english == "“cut.jpg” is damaged or incomplete; upload the whole image again."
    assert "cut.jpg" in thai and english not in thai


def test_a_decompression_bomb_is_refused_before_decoding():
    bomb = upload("bomb.png", png_header_only(100_000, 100_000))
    assert bomb.size < 100
    english, _ = refusal(check_product_image, bomb)
    assert "bomb.png" in english and "pixels" in english


def test_more_pixels_than_the_configured_limit_is_refused():
    out = io.BytesIO()
    Image.new("L", (1000, 1000)).save(out, "PNG")  # a few kB of one colour
    english, _ = refusal(check_product_image, upload("wide.png", out.getvalue()), max_pixels=500_000)
    assert english == "“wide.png” is 1000 × 1000 pixels; the limit is 0.5 million pixels."


def test_text_renamed_jpg_and_empty_files_are_refused():
    english, thai = refusal(check_product_image, upload("fake.jpg", b"<html>not an image</html>"))
    assert english == "“fake.jpg” is not an image; only JPEG, PNG or WebP images are accepted."
    assert "fake.jpg" in thai and "JPEG" in thai and english not in thai
    english, _ = refusal(check_product_image, upload("empty.jpg", b""))
    assert english == "“empty.jpg” is empty."


# --- the spreadsheet check (programme records) ------------------------------------------------------
def test_the_demo_programme_records_pass():
    for path in (DEMO / "otop-selection-north.xlsx", DEMO / "export-ready-2024.csv"):
        file = upload(path.name, path.read_bytes())
        check_spreadsheet(file)
        assert file.tell() == 0


SAMPLE_20K = Path(__file__).resolve().parents[2] / "shared" / "programme-records" / "catalog-20k.csv"


@pytest.mark.skipif(not SAMPLE_20K.exists(), reason="the 20,000-row sample is not on this machine")
def test_the_default_limit_takes_the_20000_row_sample():
    check_spreadsheet(upload(SAMPLE_20K.name, SAMPLE_20K.read_bytes()))


def test_utf8_csv_with_bom_passes():
    check_spreadsheet(upload("records.csv", "\ufeffรหัส,ชื่อ\n1,น้ำพริก\n".encode()))


def test_csv_in_the_thai_windows_encoding_passes():
    check_spreadsheet(upload("records.csv", "code,name\n1,rice\n2,น้ำพริกเผา\n".encode("cp874")))


def test_csv_neither_utf8_nor_thai_windows_is_refused_with_its_line():
    data = "code,name\n1,rice\n2,Müller\n".encode("latin-1")  # 'ü' is 0xFC, which cp874 leaves undefined
    english, thai = refusal(check_spreadsheet, upload("records.csv", data))
    assert english == ("“records.csv”, line 3, is neither UTF-8 nor Thai Windows (cp874) text; "
                       "save the file as “CSV UTF-8”.")
    assert "records.csv" in thai and "3" in thai and english not in thai


@pytest.mark.parametrize("name, data, expected", [
    ("records.xlsx", b"code,name\n1,rice\n", "“records.xlsx” is not an Excel workbook (.xlsx), whatever its name says."),
    ("records.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
     "“records.xlsx” is an old Excel 97-2003 file; save it as an Excel workbook (.xlsx)."),
    ("records.csv", (DEMO / "otop-selection-north.xlsx").read_bytes(),
     "“records.csv” is an Excel file named as CSV; upload it with the .xlsx name or save it as CSV UTF-8."),
    ("records.pdf", b"%PDF-1.7", "“records.pdf” is not a programme file: choose an Excel workbook (.xlsx) or a CSV file."),
    ("records.xlsx", (DEMO / "otop-selection-north.xlsx").read_bytes()[:4000],
     "“records.xlsx” is a damaged or incomplete Excel workbook; save it again and upload it."),
])
def test_files_that_are_not_what_their_name_says_are_refused(name, data, expected):
    english, _ = refusal(check_spreadsheet, upload(name, data))
    assert english == expected


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    english, _ = refusal(check_spreadsheet, upload("records.xlsx", out.getvalue()))
    assert english == "“records.xlsx” is a zip file but not an Excel workbook (.xlsx)."


def test_an_oversized_spreadsheet_is_refused(settings):
    settings.OTOP_MAX_SPREADSHEET_MB = 0.05
    data = (DEMO / "export-ready-2024.csv").read_bytes()
    english, _ = refusal(check_spreadsheet, upload("export-ready-2024.csv", data))
    assert english == f"“export-ready-2024.csv” is {len(data) / 1024 / 1024:.2f} MB; the limit is 0.05 MB."


# --- long names: shortened by bytes, kept readable --------------------------------------------------
LONG_THAI = "ผ้าไหมยกดอกลำพูนทอมือ" * 15  # 315 characters, 945 bytes of UTF-8


def assert_readable_short_name(stored_name, original_stem, extension):
    name = PurePosixPath(stored_name).name
    assert len(name.encode()) <= 255, len(name.encode())  # what a file system takes
    assert name.endswith(extension)
    stem = re.sub(r"_[A-Za-z0-9]{7}$", "", name[: -len(extension)])  # the storage's suffix when the name was taken
    assert len((stem + extension).encode()) <= 200
    assert original_stem.startswith(stem) and len(stem) > 40
    # cut between characters: the next character is not a vowel or tone mark of the last one kept
    assert not unicodedata.category(original_stem[len(stem)]).startswith("M")


def test_a_name_of_300_thai_characters_is_cut_by_bytes_between_characters():
    from marketplace.media.backends import valid_file_name

    for stem in (LONG_THAI, "ก่" * 200, "a" * 300):
        assert_readable_short_name(valid_file_name(stem + ".jpeg"), stem, ".jpeg")
    assert valid_file_name("ผ้าไหม.jpg") == "ผ้าไหม.jpg"  # short names are left alone


@pytest.mark.django_db
def test_dashboard_photo_named_with_300_thai_characters_is_saved_on_local_disk(staff_client, settings, tmp_path):
    # given local storage and a valid photo whose name is 945 bytes long
    settings.MEDIA_ROOT = tmp_path
    product = certified_product()

    # when it is uploaded on the product's dashboard page
    response = post_product_image(staff_client, product, upload(LONG_THAI + ".jpg", jpeg_bytes(), "image/jpeg"))

    # then it is saved (not a 500 "File name too long") under a shortened, readable name
    assert response.status_code == 302, form_errors(response)
    image = ProductImage.objects.get(product=product)
    assert_readable_short_name(image.original.name, LONG_THAI, ".jpg")
    assert (tmp_path / image.original.name).read_bytes() == jpeg_bytes()


@pytest.mark.django_db
def test_a_second_photo_of_the_same_long_name_gets_its_own_file(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second = certified_product(), certified_product()

    for product in (first, second):
        response = post_product_image(staff_client, product, upload(LONG_THAI + ".jpg", jpeg_bytes(), "image/jpeg"))
        assert response.status_code == 302, form_errors(response)

    names = {ProductImage.objects.get(product=p).original.name for p in (first, second)}
    assert len(names) == 2
    for name in names:
        assert_readable_short_name(name, LONG_THAI, ".jpg")


@pytest.mark.django_db
def test_long_thai_names_in_the_bucket_photo_category_picture_and_api_thumbnail(bucket, staff_client, client):
    # given a photo with a 945-byte name uploaded on the dashboard to the bucket
    product = certified_product()
    response = post_product_image(staff_client, product, upload(LONG_THAI + ".jpg", jpeg_bytes((600, 400)),
                                                                "image/jpeg"))
    assert response.status_code == 302, form_errors(response)
    image = ProductImage.objects.get(product=product)

    # then its key ends in a shortened readable name
    assert image.original.name in keys(bucket)
    assert_readable_short_name(image.original.name, LONG_THAI, ".jpg")

    # and the API's thumbnail of it is written once and found again under the same name
    first = client.get(f"/thumbnail/{image.pk}/256/webp/")
    written = keys(bucket)
    again = client.get(f"/thumbnail/{image.pk}/256/webp/")
    assert first.status_code == again.status_code == 302
    assert urlsplit(first["Location"]).path == urlsplit(again["Location"]).path
    assert keys(bucket) == written
    assert requests.get(first["Location"], timeout=10).status_code == 200

    # and a category picture with such a name is stored the same way
    url = "/dashboard/catalogue/categories/create/"
    parser = _FormFields("create_update_category_form")
    parser.feed(staff_client.get(url).content.decode())
    data = {name: value for name, value in parser.fields}
    data.update(name="ผ้าทอมือยาว", image=upload(LONG_THAI + ".png", _png(), "image/png"))
    assert staff_client.post(url, data).status_code == 302
    assert_readable_short_name(Category.objects.get(name="ผ้าทอมือยาว").image.name, LONG_THAI, ".png")


def test_a_programme_file_named_with_300_thai_characters_is_uploaded(client, settings, tmp_path, start_worker):
    from catalog_import.models import ImportRun
    from catalog_import.testing import import_officer
    from jobs_fixtures import wait_for

    # given local storage, a worker sharing it, and an officer with a valid programme file named at length in Thai
    settings.MEDIA_ROOT = tmp_path
    start_worker(MEDIA_ROOT=str(tmp_path))
    officer = import_officer()
    client.force_login(officer)
    data = (DEMO / "export-ready-2024.csv").read_bytes()

    # when it is uploaded for checking
    response = client.post("/dashboard/import/", {"file": upload(LONG_THAI + ".csv", data, "text/csv")})

    # then it is stored and checked like any other
    assert response.status_code == 302
    run = ImportRun.objects.get()
    wait_for(lambda: ImportRun.objects.get().status == ImportRun.Status.PREVIEWED, what="the check")
    assert_readable_short_name(run.upload.name, LONG_THAI, ".csv")
