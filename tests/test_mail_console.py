"""The development e-mail backend (``make run``): an e-mail printed as its reader sees it, kept whole
as a file."""
import io
import os
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path

from django.core.mail import EmailMessage, EmailMultiAlternatives

from marketplace.core import mail_console
from marketplace.core.mail_console import EmailBackend

BASE_DIR = Path(__file__).resolve().parent.parent


def _send(message, tmp_path):
    stream = io.StringIO()
    assert EmailBackend(stream=stream, folder=tmp_path).send_messages([message]) == 1
    return stream.getvalue()


def test_a_thai_order_e_mail_reads_as_text_and_is_kept_whole_with_its_html(tmp_path):
    message = EmailMultiAlternatives("ยืนยันคำสั่งซื้อ 100010", "เราได้รับคำสั่งซื้อของคุณแล้ว\nhttp://127.0.0.1:8000/accounts/orders/100010/",
                                     "shop@example.com", ["shopper@example.com"])
    message.attach_alternative("<html><body><p>เราได้รับ<b>คำสั่งซื้อ</b></p><style>p {}</style></body></html>",
                               "text/html")

    printed = _send(message, tmp_path)

    # the subject as Thai text (Django's console backend printed it as base64 words), the text body
    # with its link, and no markup
    assert "E-mail to shopper@example.com" in printed and "Subject: ยืนยันคำสั่งซื้อ 100010" in printed
    assert "http://127.0.0.1:8000/accounts/orders/100010/" in printed
    assert "<" not in printed and "=?utf-8?" not in printed
    kept = list(tmp_path.glob("*.eml"))
    assert len(kept) == 1 and str(kept[0]) in printed
    whole = message_from_bytes(kept[0].read_bytes(), policy=policy.default)
    assert whole["Subject"].strip() == "ยืนยันคำสั่งซื้อ 100010" and whole["To"] == "shopper@example.com"
    assert "<b>คำสั่งซื้อ</b>" in whole.get_body(("html",)).get_content()


def test_an_html_only_e_mail_is_printed_as_its_text(tmp_path):
    message = EmailMessage("Reset", "<p>Follow</p>\n<p><a href='https://x.example/r/1/'>https://x.example/r/1/</a></p>",
                           "shop@example.com", ["a@example.com"], bcc=["audit@example.com"])
    message.content_subtype = "html"

    printed = _send(message, tmp_path)

    assert "Follow\nhttps://x.example/r/1/" in printed and "<p>" not in printed
    assert "E-mail to a@example.com, audit@example.com" in printed  # everyone it goes to


def test_e_mails_sent_together_are_each_kept_in_a_file_of_their_own(tmp_path):
    messages = [EmailMessage(f"n{i}", "body", "shop@example.com", [f"{i}@example.com"]) for i in range(3)]
    EmailBackend(stream=io.StringIO(), folder=tmp_path / "mail").send_messages(messages)
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 3


def test_only_the_newest_e_mails_stay_on_disk(tmp_path, monkeypatch):
    # given a folder already holding as many e-mails as are kept, the oldest written first
    monkeypatch.setattr(mail_console, "KEEP", 3)
    folder = tmp_path / "mail"
    folder.mkdir()
    for age, name in enumerate(("old-1.eml", "old-2.eml", "old-3.eml")):
        (folder / name).write_text("x")
        os.utime(folder / name, (1_000_000 + age, 1_000_000 + age))
    (folder / "notes.txt").write_text("not an e-mail")

    # when two more are sent
    EmailBackend(stream=io.StringIO(), folder=folder).send_messages(
        [EmailMessage(f"n{i}", "body", "shop@example.com", [f"{i}@example.com"]) for i in range(2)])

    # then the two oldest e-mails are gone, the newest three are there, and other files are left alone
    left = sorted(p.name for p in folder.iterdir())
    assert "old-1.eml" not in left and "old-2.eml" not in left and "old-3.eml" in left
    assert len([n for n in left if n.endswith(".eml")]) == 3 and "notes.txt" in left


def test_outside_production_the_shop_sends_e_mail_through_it():
    env = {k: v for k, v in os.environ.items() if k != "EMAIL_BACKEND"}
    env["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    shown = subprocess.run([sys.executable, "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)"],
                           cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert shown.stdout.strip() == "marketplace.core.mail_console.EmailBackend", shown.stderr
