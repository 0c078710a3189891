"""The development e-mail backend (``make run``, the default ``EMAIL_BACKEND`` outside production):
each e-mail printed as its reader would see it, and kept whole as a file.

Django's console backend printed the raw message: a Thai subject as base64 words, and every HTML
part in full (Oscar's order confirmation alone is 300 lines of markup), so the demo's first e-mails
pushed the demo accounts off the newcomer's screen. This one prints who it is to, the subject as
text, and the plain-text body (an HTML-only message as its text), where a password-reset or
invitation link can be followed; the whole message, HTML included, is written to ``EMAIL_FILE_PATH``
(``var/mail/``) as an ``.eml`` file, to open in a mail program or a browser. Only the newest
``KEEP`` files stay: a shop left running in development does not fill the disk with old mail.
"""
import os
import sys
import threading
from datetime import datetime
from itertools import count
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.html import strip_tags

RULE = "─" * 72
KEEP = 500  # .eml files left in the folder; older ones are deleted as new ones come
_numbers = count(1)


def readable_body(message) -> str:
    """The message's text as a mail program shows it first: its plain-text body, or the text of
    its HTML body when it has no other."""
    if message.content_subtype == "plain" and message.body:
        return message.body
    for content, mimetype in getattr(message, "alternatives", ()):
        if mimetype == "text/plain":
            return content
    html = message.body or next((c for c, m in getattr(message, "alternatives", ()) if m == "text/html"), "")
    lines = (line.strip() for line in strip_tags(html).splitlines())
    return "\n".join(line for line in lines if line)


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, folder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self.folder = Path(folder or settings.EMAIL_FILE_PATH)
        self._lock = threading.RLock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        sent = 0
        with self._lock:
            for message in email_messages:
                kept = self._keep(message)
                recipients = ", ".join(message.recipients())
                self.stream.write(f"{RULE}\nE-mail to {recipients}\nSubject: {message.subject}\n"
                                  f"(the whole message: {kept})\n\n{readable_body(message).strip()}\n{RULE}\n")
                sent += 1
            self.stream.flush()
        return sent

    def _keep(self, message) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{next(_numbers)}.eml"  # web and worker
        path.write_bytes(message.message().as_bytes(linesep="\n"))
        self._forget_old()
        return path

    def _forget_old(self) -> None:
        kept = []
        for entry in os.scandir(self.folder):
            if entry.name.endswith(".eml") and entry.is_file():
                try:
                    kept.append((entry.stat().st_mtime_ns, entry.name))
                except FileNotFoundError:  # another process (web, worker) deleted it meanwhile
                    pass
        for _, name in sorted(kept)[:-KEEP]:
            (self.folder / name).unlink(missing_ok=True)
