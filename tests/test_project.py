"""Project-wide promises: migrations match the models, bad addresses are 404 (never 500), the
production settings pass Django's deployment check, the admin screens for OTOP data work."""
import gzip
import importlib
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from marketplace.testing.factories import UserFactory, certified_product

BASE_DIR = Path(__file__).resolve().parent.parent
HUGE = "99999999999999999999"  # beyond PostgreSQL's bigint

# Every storefront route with unknown, malformed and hostile values: bad and huge ids, Thai
# characters (percent-encoded and raw), path traversal, NUL bytes, unknown slugs.
NASTY_PATHS = [
    "/catalogue/x_0/", f"/catalogue/x_{HUGE}/", "/catalogue/x_-1/", "/catalogue/ผ้า_1/",
    "/catalogue/%E0%B8%9C%E0%B9%89%E0%B8%B2_1/", "/catalogue/..%2F..%2Fetc%2Fpasswd_1/", "/catalogue/x_1%00/",
    "/catalogue/%00_1/", "/catalogue/x_1/../../", "/catalogue/category/nope_999999/", f"/catalogue/category/x_{HUGE}/",
    "/catalogue/category/../_1/", "/catalogue/category/ผ้า_1/", "/catalogue/ranges/nope/", "/catalogue/ranges/%00/",
    "/catalogue/ranges/ผ้า/", f"/catalogue/x_{HUGE}/reviews/", "/catalogue/x_1/reviews/", f"/catalogue/x_1/reviews/{HUGE}/",
    "/provinces/nope/", "/provinces/ลำพูน/", "/provinces/%00/", "/provinces/..%2F..%2Fetc%2Fpasswd/",
    "/producers/nope/", "/producers/ผู้ผลิต/", "/producers/%00/", "/producers/-/",
    "/offers/nope/", "/offers/ผ้า/", "/offers/%00/", "/wishlists/nope/", "/wishlists/%00/",
    "/en/nope/", "/xx/", "/th/%00", f"/en/catalogue/x_{HUGE}/", "/en/provinces/nope/", "/en/producers/%00/",
    "/catalogue/?page=abc", f"/catalogue/?page={HUGE}", "/catalogue/?page=%00", "/catalogue/?page=-1",
    "/provinces/lamphun/?page=0", "/catalogue/category/food_1/?page=%F0", "/%00", "/media/../../etc/passwd",
]


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")


@pytest.mark.django_db
@pytest.mark.parametrize("path", NASTY_PATHS)
def test_unknown_and_malformed_addresses_are_404_or_400_never_500(client, path):
    # given a real product, so that ids 1.. may exist
    certified_product()
    # when
    response = client.get(path)  # the test client raises on a 500
    # then
    assert response.status_code in (400, 404), (path, response.status_code)
    if "%00" in path:
        assert response.status_code == 400 and b"NUL" in response.content


@pytest.mark.django_db
def test_nul_in_a_cookie_is_a_400_saying_which(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"

    response = client.get("/")

    assert response.status_code == 400
    assert "'sessionid'" in response.content.decode()


def test_deploy_check_is_clean_with_production_settings():
    # a production environment, not this test run's (the browser tests allow async-unsafe calls; a
    # developer's OTOP_SITE_URL is the demo's plain-HTTP address)
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "OTOP_SITE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings.production",
               DJANGO_SECRET_KEY="x" * 24 + "-a-long-random-production-key-for-the-check-only-1234567890",
               DJANGO_ALLOWED_HOSTS="shop.example.com")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_collectstatic_with_production_settings_succeeds(tmp_path):
    # a deployment collects hashed, compressed static files; a file that names a missing one (a
    # library's source map) stops it, and then no page renders
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings.production", STATIC_ROOT=str(tmp_path),
               DJANGO_SECRET_KEY="x" * 24 + "-a-long-random-production-key-for-the-check-only-1234567890",
               DJANGO_ALLOWED_HOSTS="shop.example.com")
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "sales/vendor/chart.umd.min.js" in manifest and "oscar/favicon.ico" in manifest


@pytest.mark.django_db
def test_with_production_settings_pages_are_sent_gzipped_to_a_browser_that_accepts_it(client, settings, monkeypatch):
    # given the production settings' middleware (the page is 19 KB, and a phone on a slow network waits
    # for every byte before it paints: Lighthouse, issue 16)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 24 + "-a-long-random-production-key-for-the-test-only-1234567890")
    production = importlib.import_module("marketplace.settings.production")
    settings.MIDDLEWARE = production.MIDDLEWARE
    certified_product(name_th="ผ้าไหมยกดอกลำพูน")

    # when a browser that accepts gzip, and then one that does not, asks for the home page
    packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = client.get("/")

    # then the first gets it gzipped, a fraction of its size, and the second as it is
    assert packed.status_code == plain.status_code == 200
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert "ผ้าไหมยกดอกลำพูน" in page and len(packed.content) < len(page.encode()) / 3
    assert not plain.has_header("Content-Encoding") and "ผ้าไหมยกดอกลำพูน" in plain.content.decode()


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings.production", DJANGO_ALLOWED_HOSTS="shop.example.com")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


# --- admin screens ---------------------------------------------------------------------------------

ADMIN_CHANGELISTS = {
    "otop_catalog_productprofile": "?q=ผ้าไหม&otop_category__exact=textiles",
    "otop_catalog_packaging": "?q=5007",
    "otop_catalog_categorynames": "?q=เครื่องดื่ม",
    "certification_certification": "?q=123/2565&status__exact=current&standards__type__exact=mpc",
    "producers_producer": "?q=ทอผ้า&active__exact=1",
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_CHANGELISTS)
def test_admin_lists_filter_and_search_otop_data(client, model):
    # given
    product = certified_product(name_th="ผ้าไหมยกดอก")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    # when
    changelist = client.get(reverse(f"admin:{model}_changelist") + ADMIN_CHANGELISTS[model])
    add_form = client.get(reverse(f"admin:{model}_add"))
    # then the search finds the product's record
    assert changelist.status_code == 200 and add_form.status_code == 200
    assert changelist.context["cl"].result_count == 1, model
    if model == "certification_certification":
        change = client.get(reverse(f"admin:{model}_change", args=[product.certifications.get().pk]))
        assert "123/2565" in change.content.decode()  # the standards inline


@pytest.mark.django_db
def test_dashboard_menu_links_to_the_otop_admin_screens(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("dashboard:index")).content.decode()

    assert reverse("admin:producers_producer_changelist") in page
    assert reverse("admin:certification_certification_changelist") in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_server_configuration_boots_workers_that_serve_the_api():
    # given a listed product on committed rows, and gunicorn started as infra/ says, with production settings
    import json
    import socket
    import time
    from urllib.request import Request, urlopen

    from django.db import connection

    certified_product(name_en="Served by gunicorn")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings.production", DJANGO_ALLOWED_HOSTS="127.0.0.1",
               DJANGO_SECRET_KEY="x" * 24 + "-a-long-random-production-key-for-this-test-1234567890",
               DJANGO_SECURE_SSL_REDIRECT="false", GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2",
               OTOP_DB_NAME=connection.settings_dict["NAME"])
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "marketplace.wsgi", "-c",
                               str(BASE_DIR / "infra" / "gunicorn.conf.py")], cwd=BASE_DIR, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    query = '{ products(first: 5, channel: "th-thb") { edges { node { translation(languageCode: EN) { name } } } } }'
    request = Request(f"http://127.0.0.1:{port}/graphql/", data=json.dumps({"query": query}).encode(),
                      headers={"Content-Type": "application/json", "X-Forwarded-Proto": "https"})
    try:
        deadline, body = time.time() + 60, None
        while body is None and time.time() < deadline and server.poll() is None:
            try:
                with urlopen(request, timeout=10) as response:
                    body = json.loads(response.read())
            except OSError:
                time.sleep(0.3)
        # when workers have booted (their start-up hook ran), then the API answers with the product
        assert body is not None, server.stderr.read() if server.poll() is not None else "no answer in 60 s"
        names = [edge["node"]["translation"]["name"] for edge in body["data"]["products"]["edges"]]
        assert names == ["Served by gunicorn"]
    finally:
        server.terminate()
        server.wait(timeout=30)
