"""The pro-forma invoice of an accepted quote, as a PDF (ReportLab).

``render(Proforma)`` takes plain data and returns the PDF's bytes, so it knows nothing of the
models; ``acceptance.proforma_for`` builds that data from an accepted quote. Thai text (product
names, the producer's address) is drawn with a Thai TrueType font, ``OTOP_PROFORMA_FONT``
(default Debian's fonts-thai-tlwg Garuda, installed by ``make system-deps``): the PDF's
standard fonts have no Thai glyphs and would print empty boxes. A missing font is a
``ProformaFontMissing`` naming the path and how to install it, never a PDF with boxes.
"""
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from marketplace.catalog.names import product_name
from marketplace.core.i18n import current_language
from marketplace.shipping.countries import name_for_code

DEFAULT_FONT = "/usr/share/fonts/truetype/tlwg/Garuda.ttf"
FONT_NAME = "OTOPProformaThai"


class ProformaFontMissing(ImproperlyConfigured):
    pass


@dataclass(frozen=True)
class Party:
    name: str
    lines: tuple[str, ...] = ()  # address, e-mail, phone, tax number: one line each


@dataclass(frozen=True)
class ProformaLine:
    description: str
    quantity: int
    unit: str
    unit_price: Decimal
    total: Decimal


@dataclass(frozen=True)
class Proforma:
    number: str
    issued: date
    seller: Party
    buyer: Party
    currency: str
    lines: tuple[ProformaLine, ...]
    total: Decimal
    incoterm: str
    named_place: str
    lead_time_days: int | None
    deposit_percent: Decimal
    deposit_amount: Decimal
    valid_until: date | None
    payment_terms: str = ""
    notes: str = ""
    extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # more (label, value) terms


def font_path() -> Path:
    return Path(getattr(settings, "OTOP_PROFORMA_FONT", "") or DEFAULT_FONT)


def _register_font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_path()
    if not path.is_file():
        raise ProformaFontMissing(
            f"The Thai font for pro-forma invoices is missing: {path} (setting OTOP_PROFORMA_FONT). "
            f"Install Debian's fonts-thai-tlwg (make system-deps) or point OTOP_PROFORMA_FONT at a Thai TrueType font.")
    registered = getattr(_register_font, "registered", None)
    if registered != str(path):
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
        _register_font.registered = str(path)
    return FONT_NAME


def money(amount: Decimal, currency: str) -> str:
    return f"{currency} {Decimal(amount):,.2f}"


def render(proforma: Proforma) -> bytes:
    """The PDF of ``proforma`` (A4), in the active language for its labels."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    font = _register_font()
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=20, spaceAfter=4)
    right = ParagraphStyle("right", parent=body, alignment=2)

    def para(text, style=body):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    def party(heading, who):
        return [para(heading, small), para(who.name), *[para(line, small) for line in who.lines if line]]

    story = [para(_("Pro-forma invoice"), title),
             para(_("No. %(number)s, issued %(date)s") % {"number": proforma.number,
                                                          "date": proforma.issued.isoformat()}),
             Spacer(1, 5 * mm)]
    parties = Table([[party(_("Seller"), proforma.seller), party(_("Buyer"), proforma.buyer)]],
                    colWidths=[85 * mm, 85 * mm])
    parties.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [parties, Spacer(1, 6 * mm)]

    rows = [[para(_("Product")), para(_("Quantity"), right), para(_("Unit price"), right), para(_("Amount"), right)]]
    for line in proforma.lines:
        rows.append([para(line.description), para(f"{line.quantity:,} {line.unit}".strip(), right),
                     para(money(line.unit_price, proforma.currency), right),
                     para(money(line.total, proforma.currency), right)])
    rows.append(["", "", para(_("Total"), right), para(money(proforma.total, proforma.currency), right)])
    lines = Table(rows, colWidths=[80 * mm, 28 * mm, 31 * mm, 31 * mm], repeatRows=1)
    lines.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story += [lines, Spacer(1, 6 * mm)]

    terms = [(_("Currency"), proforma.currency),
             (_("Incoterm"), f"{proforma.incoterm} {proforma.named_place}".strip() + " (Incoterms 2020)"),
             (_("Lead time"), _("%(days)s days") % {"days": proforma.lead_time_days}
              if proforma.lead_time_days is not None else "—"),
             (_("Deposit"), f"{Decimal(proforma.deposit_percent).normalize():f}% = "
                            f"{money(proforma.deposit_amount, proforma.currency)}"),
             (_("Balance"), money(proforma.total - proforma.deposit_amount, proforma.currency)),
             (_("Payment terms"), proforma.payment_terms or "—"),
             (_("Valid until"), proforma.valid_until.isoformat() if proforma.valid_until else "—"),
             *proforma.extra]
    if proforma.notes:
        terms.append((_("Notes"), proforma.notes))
    table = Table([[para(label, small), para(value)] for label, value in terms], colWidths=[40 * mm, 130 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=f"Pro-forma invoice {proforma.number}",
                            author="OTOP Marketplace")
    doc.build(story)
    return buffer.getvalue()


def for_quote_order(link) -> Proforma:
    """The pro-forma of an accepted quote (a ``QuoteOrder``): the producer's contact is shown, as
    the quote is accepted; lines and prices are the order's (the quoted ones)."""
    order, quote = link.order, link.quote
    version = quote.current_version
    producer = quote.producer
    buyer = quote.request.buyer
    profile = getattr(buyer, "trade_buyer", None)
    seller = Party(producer.name, tuple(filter(None, (
        producer.address, str(producer.province.name) if producer.province_id else "", _("Thailand"),
        producer.phone, producer.email))))
    buyer_lines = (profile.contact_name, name_for_code(profile.country), profile.tax_number, profile.phone,
                   buyer.email) if profile is not None else (buyer.get_full_name(), buyer.email)
    return Proforma(
        number=order.number, issued=link.accepted_at.date(), seller=seller,
        buyer=Party(profile.company if profile is not None else buyer.get_full_name() or buyer.email,
                    tuple(filter(None, buyer_lines))),
        currency=order.currency, lines=_lines(order, version), total=order.total_incl_tax, incoterm=link.incoterm,
        named_place=link.named_place, lead_time_days=version.lead_time_days,
        deposit_percent=link.deposit_percent, deposit_amount=link.deposit_amount, valid_until=version.valid_until,
        payment_terms=version.payment_terms, notes=version.notes,
        extra=((_("Destination"),
                f"{quote.request.destination_place}, {name_for_code(quote.request.destination_country)}"),
               (_("Request"), quote.request.reference)))


def _lines(order, version) -> tuple[ProformaLine, ...]:
    """The order's lines (their quantities and prices are the record), each named in the reader's
    language with the other language's name under it (the Thai one is the programme's, customs and the
    producer read it), in the quoted unit. The order's lines were made from the version's prices in
    the same order; a line that does not match its price keeps the title it was placed with."""
    from .models import Unit

    prices = list(version.prices.select_related("line__product__profile").order_by("line_id"))
    lines = []
    for n, line in enumerate(order.lines.order_by("pk")):
        quoted = prices[n].line if n < len(prices) and prices[n].line.product_id == line.product_id else None
        if quoted is None:
            description, unit = line.title, ""
        else:
            shown = product_name(quoted.product)
            other = product_name(quoted.product, "en" if current_language() == "th" else "th")
            description = shown if other in ("", shown) else f"{shown}\n{other}"
            unit = str(Unit(quoted.unit).label)  # the model's choice, in the reader's language
        lines.append(ProformaLine(description, line.quantity, unit, line.unit_price_incl_tax,
                                  line.line_price_incl_tax))
    return tuple(lines)
