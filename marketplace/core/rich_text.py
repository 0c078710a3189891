"""Rich text that staff write for shoppers (a content page, an offer's, a category's or a collection's
description, in the dashboard's editor or the admin) as shoppers get it: cleaned by nh3, the Ammonia
sanitiser, which keeps ordinary formatting (paragraphs, headings, lists, emphasis, tables, links with
a web or mail address, images) and drops what runs or frames: ``<script>``, ``<style>``, ``<iframe>``,
``<object>``, forms, ``on…`` handlers, ``style`` attributes and ``javascript:`` or ``data:`` addresses.
Text that is not markup comes out escaped. The project's one sanitiser: pages show such text with the
``rich_text`` filter (``core/templatetags/otop.py``), never with ``|safe``."""
import html

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe


def clean(markup) -> SafeString:
    """``markup`` with only harmless HTML left, marked safe for templates."""
    return mark_safe(nh3.clean(str(markup or "")))


def words(markup) -> str:
    """The text of ``markup`` (rich text or plain) as plain text, for a page's meta description or a
    link preview: what would not be shown (a script's or style's content) dropped, tags removed,
    entities read (``&amp;`` is ``&``: the template escapes it once)."""
    return " ".join(html.unescape(strip_tags(nh3.clean(str(markup or "")))).split())
