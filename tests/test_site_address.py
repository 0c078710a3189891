"""The marketplace's own address (``OTOP_SITE_URL``, marketplace/core/site.py) in every e-mailed link:
Oscar's e-mails read Django's Site, which was left as example.com, so a password reset sent shoppers
to http://example.com/…; the quote notices, sent by jobs, did the same."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sites.models import Site
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from marketplace.core import site
from marketplace.testing.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


@pytest.fixture
def fresh_site_cache():
    Site.objects.clear_cache()
    yield
    Site.objects.clear_cache()


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_password_reset_mail_links_to_the_marketplace_and_the_link_works(client, mailoutbox, settings, prefix,
                                                                            fresh_site_cache):
    # given a shopper's account on a marketplace whose database was migrated as every one is
    UserFactory(email="malee@example.org", password=PASSWORD)

    # when the shopper asks for a password reset on the Thai (or English) storefront
    response = client.post(f"{prefix}/password-reset/", {"email": "malee@example.org"})

    # then the e-mail names the shop and links to the marketplace's own address, never example.com
    assert response.status_code == 302
    [mail] = mailoutbox
    assert "example.com" not in mail.subject + mail.body
    assert "OTOP Marketplace" in mail.subject
    link = re.search(r"https?://\S+/password-reset/confirm/\S+/", mail.body).group(0)
    assert link.startswith(settings.OTOP_SITE_URL + f"{prefix}/password-reset/confirm/")
    # and the link opens the form that sets a new password
    opened = client.get(link.removeprefix(settings.OTOP_SITE_URL), follow=True)
    assert opened.status_code == 200 and 'name="new_password1"' in opened.content.decode()


@pytest.mark.django_db
def test_migrate_gives_the_site_the_address_the_deployment_sets(settings, fresh_site_cache):
    # given a deployment that sets its address
    settings.OTOP_SITE_URL = "https://shop.otop.example"

    # when its migrations run
    call_command("migrate", verbosity=0)

    # then Django's Site (Oscar's e-mails read it) has that domain and the shop's name
    current = Site.objects.get_current()
    assert (current.domain, current.name) == ("shop.otop.example", "OTOP Marketplace")
    assert site.url("/quotes/7/") == "https://shop.otop.example/quotes/7/"


@pytest.mark.parametrize("value", ["shop.otop.example", "ftp://shop.otop.example", "https://shop.otop.example/th/",
                                   "https://", "https://shop.otop.example?x=1", ""])
def test_an_address_that_is_not_one_is_refused_naming_the_variable(value):
    with pytest.raises(ImproperlyConfigured, match="OTOP_SITE_URL"):
        site.parse(value)


def test_an_address_is_kept_without_its_trailing_slash():
    assert site.parse(" https://shop.otop.example/ ") == "https://shop.otop.example"
    assert site.parse("http://127.0.0.1:8000") == "http://127.0.0.1:8000"


def _production_check(**variables):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "OTOP_SITE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings.production",
               DJANGO_SECRET_KEY="x" * 24 + "-a-long-random-production-key-for-the-check-only-1234567890",
               **variables)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_production_takes_the_address_from_the_allowed_host_and_warns_of_plain_http():
    # a production without OTOP_SITE_URL links to https:// and its first named host: the check is clean
    clean = _production_check(DJANGO_ALLOWED_HOSTS=".otop.example,shop.otop.example")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    # one that sets a plain-HTTP address is told so by the deployment check
    plain = _production_check(DJANGO_ALLOWED_HOSTS="shop.otop.example", OTOP_SITE_URL="http://shop.otop.example")
    assert plain.returncode != 0 and "otop.W001" in plain.stdout + plain.stderr
