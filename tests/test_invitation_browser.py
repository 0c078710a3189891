"""A new member opens the invitation link on a phone (390 px, Chromium), chooses a password and
lands in the producer portal; the page in Thai and in English is kept as a screenshot for the README
(docs/screenshots/access-invitation-*.png)."""
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from jobs_fixtures import run_enqueued
from marketplace.producers import invitations
from marketplace.testing.factories import ProducerFactory, province
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

# The live server reads what the test writes: committed data, the seeded rows kept.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_a_new_member_accepts_on_a_phone(live_server, page):
    producer = ProducerFactory(name_th="กลุ่มทอผ้าบ้านดอน", name_en="Ban Don Weavers", province=province("TH-51"))
    invitations.invite(producer, "somsri@example.com", None, live_server.url)
    assert run_enqueued("marketplace.producers.tasks.send_invitation") == 1
    link = re.search(r"(http://\S+/producer/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page.set_viewport_size({"width": 390, "height": 844})
    # the English page first (it does not use the link up), then the Thai one, where she accepts
    page.goto(link.replace("/producer/", "/en/producer/"))
    assert "Ban Don Weavers" in page.inner_text("#invitation-for")
    page.screenshot(path=str(SCREENSHOTS / "access-invitation-en.png"), full_page=True)
    page.goto(link)
    assert "กลุ่มทอผ้าบ้านดอน" in page.inner_text("#invitation-for")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # one column, no sideways scrolling
    page.screenshot(path=str(SCREENSHOTS / "access-invitation-th.png"), full_page=True)
    page.fill("#id_password1", "ผ้าไหม-ลำพูน-2569")
    page.fill("#id_password2", "ผ้าไหม-ลำพูน-2569")
    page.click("#invitation-password button[type=submit]")
    page.wait_for_url(re.compile(r"/producer/"))
    assert "/invitation/" not in page.url
    user = get_user_model().objects.get(email="somsri@example.com")
    assert list(producer.partner.users.all()) == [user]
    # the link, opened again, says it was used
    page.goto(link)
    assert "ถูกใช้ไปแล้ว" in page.inner_text("#invitation-refused")
