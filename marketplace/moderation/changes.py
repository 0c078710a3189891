"""The home of the moderation rule: a producer's content changes wait for approval.

Moderated content: the Thai and English name, description and story, the selling unit, the
packaging facts and the photos (add, delete, reorder, alt text). Price and stock are not moderated
(``channels/pricing.py``, ``catalog/stock.py``); certification, star level and programme code are
not the producer's to change at all.

    change = submit(product, user, fields={"name_en": "Silk scarf"},
                    photo_ops=[{"action": "add", "file": upload, "alt": "Blue scarf"},
                               {"action": "delete", "image": 12},
                               {"action": "alt", "image": 13, "alt": "Folded"},
                               {"action": "reorder", "order": [13, 14]}])
    pending_for(product)            # the open change or None
    diff(change)                    # [(label, current, proposed), ...] fields then photos
    approve(change, officer)        # applied in one transaction; shoppers see it from then on
    reject(change, officer, reason) # nothing applied; the producer sees the reason

One change per product is open at a time: submitting again while one waits adds to it (new
values replace older proposals; a value equal to the approved one drops out of the change; photo
operations are appended). A change that ends up proposing nothing is withdrawn.

Who may call ``approve``/``reject`` is the officers' rule (``officers.access.may_moderate``), who may
call ``submit`` is ``catalog.listing.managed_by``: these functions check neither.

Refusals are ``ModerationError`` with Saleor's ``ProductErrorCode`` values, the field concerned
(a key of ``FIELDS``, ``"photos"`` or ``"reason"``) and a message naming it.
"""
import dataclasses
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from marketplace.catalog.models import Packaging, ProductProfile
from marketplace.core import plain_text, thai
from marketplace.core.errors import DomainError
from marketplace.media.uploads import check_product_image
from marketplace.moderation.models import ChangeStatus, ContentChange, PhotoAction, PhotoOperation

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")

MAX_TEXT_LENGTH = 5000  # description and story, per language
MAX_PHOTOS = 20
MAX_ALT_LENGTH = 200  # Oscar's ProductImage.caption
MAX_INTEGER = 2_147_483_647
HS_CODE = re.compile(r"^\d{4}(\.?\d{2}){0,3}$")  # 4 to 10 digits, optionally dotted: 5007.20, 0902.10.00


class ModerationErrorCode(StrEnum):
    """Saleor 3.23's ``ProductErrorCode`` values that moderation uses."""

    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    NOT_PRODUCTS_IMAGE = "NOT_PRODUCTS_IMAGE"
    INVALID_FILE_TYPE = "INVALID_FILE_TYPE"
    FILE_SIZE_LIMIT_EXCEEDED = "FILE_SIZE_LIMIT_EXCEEDED"


class ModerationError(DomainError):
    code_enum = ModerationErrorCode


@dataclasses.dataclass(frozen=True)
class Field:
    key: str
    model: type  # ProductProfile or Packaging
    attr: str
    kind: str  # "line", "text", "decimal", "integer", "hs_code"

    @property
    def model_field(self):
        return self.model._meta.get_field(self.attr)

    @property
    def label(self):
        return self.model_field.verbose_name


def _fields():
    profile = [("name_th", "line"), ("name_en", "line"), ("description_th", "text"), ("description_en", "text"),
               ("story_th", "text"), ("story_en", "text"), ("unit", "line")]
    packaging = [("description_th", "line"), ("description_en", "line"), ("length_cm", "decimal"), ("width_cm", "decimal"),
                 ("height_cm", "decimal"), ("net_weight_g", "decimal"), ("gross_weight_g", "decimal"),
                 ("units_per_carton", "integer"), ("carton_length_cm", "decimal"), ("carton_width_cm", "decimal"),
                 ("carton_height_cm", "decimal"), ("carton_weight_g", "decimal"), ("shelf_life_days", "integer"),
                 ("hs_code", "hs_code")]
    fields = [Field(key, ProductProfile, key, kind) for key, kind in profile]
    # Packaging's own names, but "description" would read as the product's: its key says packaging
    # (the Thai one plain "packaging", as the API's packaging attribute names it).
    keys = {"description_th": "packaging", "description_en": "packaging_en"}
    fields += [Field(keys.get(attr, attr), Packaging, attr, kind) for attr, kind in packaging]
    return {field.key: field for field in fields}


FIELDS = _fields()
PROFILE_FIELDS = [key for key, field in FIELDS.items() if field.model is ProductProfile]
PACKAGING_FIELDS = [key for key, field in FIELDS.items() if field.model is Packaging]
PHOTOS_LABEL = gettext_lazy("photos")


# --- reading ----------------------------------------------------------------------------------
def pending_for(product):
    """The change of ``product`` waiting for approval, with its photo operations, or None."""
    return (ContentChange.objects.filter(product=product, status=ChangeStatus.PENDING)
            .prefetch_related("photo_ops__image").first())


def products_with_pending_change(product_ids) -> set:
    """Those of ``product_ids`` that have a change waiting for approval (one query)."""
    return set(ContentChange.objects.filter(product_id__in=list(product_ids), status=ChangeStatus.PENDING)
               .values_list("product_id", flat=True))


def last_decision(product):
    """The most recent approved or rejected change of ``product`` (the producer sees a rejection's reason)."""
    return (ContentChange.objects.filter(product=product, status__in=[ChangeStatus.APPROVED, ChangeStatus.REJECTED])
            .order_by("-decided_at").first())


def current_values(product) -> dict:
    """The approved value of every moderated field (what shoppers see), by field key."""
    profile = ProductProfile.objects.filter(product=product).first()
    packaging = Packaging.objects.filter(product=product).first()
    values = {}
    for key, field in FIELDS.items():
        row = profile if field.model is ProductProfile else packaging
        values[key] = getattr(row, field.attr) if row is not None else _empty(field)
    return values


def _empty(field):
    return "" if field.kind in ("line", "text", "hs_code") else None


# --- submitting -------------------------------------------------------------------------------
def submit(product, user, fields=None, photo_ops=None):
    """Propose ``fields`` (field key -> new value) and ``photo_ops`` for ``product``; returns the
    product's open change (created or added to), or the withdrawn one if nothing is left to propose."""
    cleaned = {key: clean_value(key, value) for key, value in (fields or {}).items()}
    operations = [_clean_operation(product, op) for op in (photo_ops or [])]
    with transaction.atomic():
        Product.objects.select_for_update().only("pk").get(pk=product.pk)  # one submission at a time per product
        change = pending_for(product)
        current = current_values(product)
        proposed = {**(change.fields if change else {}), **cleaned}
        proposed = {key: value for key, value in proposed.items() if not _same(key, current[key], value)}
        names = {key: proposed.get(key, current[key]) for key in ("name_th", "name_en")}
        if not any(names.values()):
            raise ModerationError(ModerationErrorCode.REQUIRED,
                                  _("Give the product a name in Thai or in English."), field="name_th")
        existing_ops = list(change.photo_ops.all()) if change else []
        operations = _on_pending_photos(existing_ops, operations)
        operations = _on_deleted_photos(existing_ops, operations)
        _check_photo_count(product, existing_ops, operations)
        _check_order_references(existing_ops, operations)
        if change is None:
            if not proposed and not operations:
                raise ModerationError(ModerationErrorCode.INVALID,
                                      _("Nothing was changed: the proposal equals the approved listing."))
            change = ContentChange(product=product)
        change.fields = _to_json(proposed)
        change.submitted_by = user if getattr(user, "is_authenticated", False) else None
        change.submitted_at = timezone.now()
        if not proposed and not existing_ops and not operations:
            change.status, change.decided_by, change.decided_at = ChangeStatus.WITHDRAWN, change.submitted_by, change.submitted_at
        change.save()
        seq = max((op.seq for op in existing_ops), default=0)
        for op in operations:
            seq += 1
            op.change, op.seq = change, seq
            upload = getattr(op, "_file", None)
            if upload is not None:
                op.upload.save(op.original_name or "photo", upload, save=False)  # the default storage
            op.save()
    return change


def clean_value(key, value):
    """``value`` made fit for field ``key``, or ``ModerationError`` naming the field."""
    field = FIELDS.get(key)
    if field is None:
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("“%(field)s” cannot be changed here.") % {"field": key}, field=key)
    label = str(field.label)
    if field.kind in ("decimal", "integer"):
        return _clean_number(field, label, value)
    text = thai.normalize_multiline(value) if field.kind == "text" else thai.normalize(value)
    _refuse_direction_controls(text, label, key)
    limit = field.model_field.max_length or MAX_TEXT_LENGTH
    if len(text) > limit:
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("%(field)s is %(length)s characters long; the limit is %(limit)s.")
                              % {"field": label, "length": len(text), "limit": limit}, field=key)
    if field.kind == "hs_code" and text:
        text = thai.thai_digits_to_arabic(text)
        if not HS_CODE.match(text):
            raise ModerationError(ModerationErrorCode.INVALID,
                                  _("%(field)s “%(value)s” is not an HS code: 4 to 10 digits, such as 5007.20.")
                                  % {"field": label, "value": text}, field=key)
    return text


def _refuse_direction_controls(text, label, field):
    # Embeddings, overrides and isolates (``core.plain_text``) make text show in another order than it
    # is stored: a name "abc<U+202E>gpj.exe" reads as "abcexe.jpg" in the officers' queue and on the
    # shop's pages. (Django's upload parser already drops them from file names.)
    if plain_text.has_direction_control(text):
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("%(field)s contains invisible characters that change the direction of text "
                                "(such as U+202E); remove them.") % {"field": label}, field=field)


def _clean_number(field, label, value):
    given = thai.normalize_number_text("" if value is None else str(value))
    text = thai.without_grouping(given)
    if text is None:
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("%(field)s: “%(value)s” has a comma out of place: write decimals after a point "
                                "(12.50) and commas only between thousands (1,250).")
                              % {"field": label, "value": given}, field=field.key)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("%(field)s: “%(value)s” is not a number.") % {"field": label, "value": text},
                              field=field.key)
    if number < 0:
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("%(field)s cannot be negative.") % {"field": label}, field=field.key)
    if field.kind == "integer":
        if number != number.to_integral_value() or number > MAX_INTEGER:
            raise ModerationError(ModerationErrorCode.INVALID,
                                  _("%(field)s must be a whole number.") % {"field": label}, field=field.key)
        return int(number)
    model_field = field.model_field
    places = max(0, -number.normalize().as_tuple().exponent)
    if places > model_field.decimal_places:
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("%(field)s has at most %(places)s decimal places.")
                              % {"field": label, "places": model_field.decimal_places}, field=field.key)
    if number >= Decimal(10) ** (model_field.max_digits - model_field.decimal_places):
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("%(field)s is too large.") % {"field": label}, field=field.key)
    return number.quantize(Decimal(1).scaleb(-model_field.decimal_places))


def _same(key, current, proposed) -> bool:
    if FIELDS[key].kind == "decimal":
        return (current is None and proposed is None) or (
            current is not None and proposed is not None and Decimal(current) == Decimal(proposed))
    return (current or _empty(FIELDS[key])) == (proposed or _empty(FIELDS[key]))


def _to_json(values: dict) -> dict:
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in values.items()}


def _from_json(key, value):
    if FIELDS[key].kind == "decimal" and value is not None:
        return Decimal(value)
    return value


def _image_of(product, reference):
    image_id = getattr(reference, "pk", reference)
    try:
        image_id = int(image_id)
    except (TypeError, ValueError):
        image_id = None
    image = ProductImage.objects.filter(pk=image_id, product=product).first() if image_id else None
    if image is None:
        raise ModerationError(ModerationErrorCode.NOT_PRODUCTS_IMAGE,
                              _("Photo %(photo)s is not a photo of this product.") % {"photo": reference},
                              field="photos")
    return image


def clean_alt(value) -> str:
    """A photo's alt text made fit to keep (the API checks a new photo's alt with it before the file),
    or ``ModerationError``."""
    alt = thai.normalize(value)
    _refuse_direction_controls(alt, _("A photo's alt text"), "photos")
    if len(alt) > MAX_ALT_LENGTH:
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("A photo's alt text is %(length)s characters long; the limit is %(limit)s.")
                              % {"length": len(alt), "limit": MAX_ALT_LENGTH}, field="photos")
    return alt


_IMAGE_REFUSALS = {"too_large": ModerationErrorCode.FILE_SIZE_LIMIT_EXCEEDED,
                   "too_many_pixels": ModerationErrorCode.FILE_SIZE_LIMIT_EXCEEDED,
                   "not_an_image": ModerationErrorCode.INVALID_FILE_TYPE,
                   "image_format": ModerationErrorCode.INVALID_FILE_TYPE}


def check_photo(upload) -> None:
    """``marketplace.media``'s check of a product photo (content and size), as a ``ModerationError``."""
    try:
        check_product_image(upload)
    except ValidationError as refused:
        message = " ".join(refused.messages)
        raise ModerationError(_IMAGE_REFUSALS.get(refused.error_list[0].code, ModerationErrorCode.INVALID),
                              message, field="photos") from refused


def _on_pending_photos(existing_ops, operations) -> list:
    """Delete and alt-text operations on a photo that is itself waiting for approval ("new:<id>")
    change that proposal in place (a deleted proposal is gone, its file with it); the other
    operations are returned to be stored."""
    added = {f"new:{op.pk}": op for op in existing_ops if op.action == PhotoAction.ADD}
    kept = []
    for op in operations:
        reference = getattr(op, "_pending", None)
        if reference is None:
            kept.append(op)
            continue
        proposal = added.get(reference)
        if proposal is None:
            raise ModerationError(ModerationErrorCode.NOT_PRODUCTS_IMAGE,
                                  _("Photo %(photo)s is not a photo waiting for approval on this product.")
                                  % {"photo": reference}, field="photos")
        if op.action == PhotoAction.ALT:
            proposal.alt_text = op.alt_text
            proposal.save(update_fields=["alt_text"])
        else:
            name = proposal.upload.name
            transaction.on_commit(lambda: default_storage.delete(name))
            proposal.delete()
            existing_ops.remove(proposal)
            del added[reference]
            for other in existing_ops:
                if other.action == PhotoAction.REORDER and reference in other.order:
                    other.order = [ref for ref in other.order if ref != reference]
                    other.save(update_fields=["order"])
    return kept


def _on_deleted_photos(existing_ops, operations) -> list:
    """Operations on a photo that the change already deletes: deleting it again changes nothing (a
    double submit); re-captioning it is refused (a page opened before the deletion was proposed),
    since approval could not caption a photo it has just deleted."""
    deleted = {op.image_id for op in existing_ops if op.action == PhotoAction.DELETE and op.image_id}
    kept = []
    for op in operations:
        if op.image_id is not None and op.image_id in deleted:
            if op.action == PhotoAction.DELETE:
                continue
            raise ModerationError(ModerationErrorCode.INVALID,
                                  _("Photo %(photo)s is to be deleted by the change waiting for approval; its alt "
                                    "text cannot be changed.") % {"photo": op.image_id}, field="photos")
        if op.action == PhotoAction.DELETE and op.image_id is not None:
            deleted.add(op.image_id)
        kept.append(op)
    return kept


def _pending_reference(reference):
    return reference if isinstance(reference, str) and reference.startswith("new:") else None


def _clean_operation(product, op) -> PhotoOperation:
    action = op.get("action")
    if action == PhotoAction.ADD:
        upload = op.get("file")
        if not upload:
            raise ModerationError(ModerationErrorCode.REQUIRED, _("Choose a photo to add."), field="photos")
        check_photo(upload)
        operation = PhotoOperation(action=action, alt_text=clean_alt(op.get("alt", "")),
                                   original_name=(getattr(upload, "name", "") or "photo").rsplit("/", 1)[-1][:255])
        operation._file = upload if isinstance(upload, File) else File(upload, name=operation.original_name)
        return operation
    if action in (PhotoAction.DELETE, PhotoAction.ALT):
        pending = _pending_reference(op.get("image"))
        operation = PhotoOperation(action=action, image=None if pending else _image_of(product, op.get("image")),
                                   alt_text=clean_alt(op.get("alt", "")) if action == PhotoAction.ALT else "")
        operation._pending = pending
        return operation
    if action == PhotoAction.REORDER:
        order = op.get("order")
        if not isinstance(order, (list, tuple)) or not order:
            raise ModerationError(ModerationErrorCode.REQUIRED, _("Give the photos in their new order."),
                                  field="photos")
        references = []
        for item in order:
            if isinstance(item, str) and item.startswith("new:"):
                references.append(item)
            else:
                references.append(f"image:{_image_of(product, item).pk}")
        if len(set(references)) != len(references):
            raise ModerationError(ModerationErrorCode.INVALID, _("A photo appears twice in the new order."),
                                  field="photos")
        return PhotoOperation(action=action, order=references)
    raise ModerationError(ModerationErrorCode.INVALID,
                          _("Unknown photo action “%(action)s”: use add, delete, alt or reorder.")
                          % {"action": action}, field="photos")


def _check_order_references(existing_ops, operations) -> None:
    added = {f"new:{op.pk}" for op in existing_ops if op.action == PhotoAction.ADD}
    for op in operations:
        for reference in op.order:
            if reference.startswith("new:") and reference not in added:
                raise ModerationError(ModerationErrorCode.NOT_PRODUCTS_IMAGE,
                                      _("Photo %(photo)s is not a photo waiting for approval on this product.")
                                      % {"photo": reference}, field="photos")


def _check_photo_count(product, existing_ops, operations) -> None:
    deleted = {op.image_id for op in [*existing_ops, *operations] if op.action == PhotoAction.DELETE and op.image_id}
    added = sum(1 for op in [*existing_ops, *operations] if op.action == PhotoAction.ADD)
    remaining = ProductImage.objects.filter(product=product).exclude(pk__in=deleted).count()
    if remaining + added > MAX_PHOTOS:
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("A product has at most %(limit)s photos.") % {"limit": MAX_PHOTOS}, field="photos")


# --- deciding ---------------------------------------------------------------------------------
def _open(change):
    """``change`` locked for a decision, its product locked first (as ``submit`` locks it: the
    same order, so a decision and a submission never wait for each other in a cycle)."""
    Product.objects.select_for_update().only("pk").get(pk=change.product_id)
    change = ContentChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ModerationError(ModerationErrorCode.INVALID,
                              _("This change was already decided (%(status)s).")
                              % {"status": change.get_status_display()})
    return change


def approve(change, by):
    """Apply ``change`` to the product in one transaction; the search index follows the commit
    (the profile, packaging and product saves mark the product, ``search.signals``)."""
    with transaction.atomic():
        change = _open(change)
        product = Product.objects.get(pk=change.product_id)
        profile = ProductProfile.objects.get(product=product)
        packaging = Packaging.objects.filter(product=product).first() or Packaging(product=product)
        for key, value in change.fields.items():
            field = FIELDS[key]
            setattr(profile if field.model is ProductProfile else packaging, field.attr, _from_json(key, value))
        if any(key in PROFILE_FIELDS for key in change.fields):
            profile.save()
        if any(key in PACKAGING_FIELDS for key in change.fields):
            packaging.save()
        if {"name_th", "name_en"} & set(change.fields):
            product.title = profile.name_th or profile.name_en  # as the programme-record import sets it
        approved_files = _apply_photos(change, product)
        product.save()  # date_updated, and the search index's mark
        change.status, change.decided_by, change.decided_at = ChangeStatus.APPROVED, by, timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_at"])
        # The photos now live as product images: the pending copies go once that is committed.
        transaction.on_commit(lambda: [default_storage.delete(name) for name in approved_files])
    return change


def _apply_photos(change, product) -> list:
    images = {}  # "new:<operation id>" -> the product image it became
    files = []
    gone = set()  # photos deleted by an earlier operation (changes stored before submit refused the case)
    for op in change.photo_ops.select_related("image").order_by("seq"):
        if op.action == PhotoAction.ADD:
            image = ProductImage(product=product, caption=op.alt_text,
                                 display_order=ProductImage.objects.filter(product=product).count())
            with default_storage.open(op.upload.name, "rb") as stored:
                image.original.save(op.original_name or "photo", File(stored), save=False)
            image.save()
            images[f"new:{op.pk}"] = image
            files.append(op.upload.name)
        elif op.image is None or op.image_id in gone:
            continue  # the photo was deleted meanwhile
        elif op.action == PhotoAction.DELETE:
            gone.add(op.image_id)
            op.image.delete()  # Oscar renumbers the others
        elif op.action == PhotoAction.ALT:
            op.image.caption = op.alt_text
            op.image.save(update_fields=["caption"])
    for op in change.photo_ops.order_by("seq"):
        if op.action == PhotoAction.REORDER:
            _reorder(product, op.order, images)
    return files


def _reorder(product, references, images) -> None:
    current = list(ProductImage.objects.filter(product=product).order_by("display_order", "pk"))
    by_id = {image.pk: image for image in current}
    named = []
    for reference in references:
        kind, _sep, number = reference.partition(":")
        image = images.get(reference) if kind == "new" else by_id.get(int(number))
        if image is not None and image.pk in by_id and image not in named:
            named.append(by_id[image.pk])
    ordered = named + [image for image in current if image not in named]
    for position, image in enumerate(ordered):
        if image.display_order != position:
            image.display_order = position
            image.save(update_fields=["display_order"])


def reject(change, by, reason):
    """Refuse ``change``: nothing is applied; ``reason`` (required) is shown to the producer."""
    reason = thai.normalize_multiline(reason)
    if not reason:
        raise ModerationError(ModerationErrorCode.REQUIRED, _("Say why the change is rejected."), field="reason")
    with transaction.atomic():
        change = _open(change)
        change.status, change.decided_by, change.decided_at = ChangeStatus.REJECTED, by, timezone.now()
        change.reason = reason
        change.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return change


# --- showing ----------------------------------------------------------------------------------
@dataclasses.dataclass
class ProposedPhoto:
    reference: str  # "image:<id>" for an approved photo, "new:<operation id>" for one waiting
    alt: str
    image: object = None  # the ProductImage
    operation: object = None  # the PhotoOperation that adds it


def proposed_photos(product, change=None) -> list:
    """The photos of ``product`` as they will be if ``change`` (default: the open one; ``False``: none,
    the approved photos) is approved, in their order: approval applies the same operations
    (``_apply_photos``)."""
    change = pending_for(product) if change is None else change
    photos = [ProposedPhoto(f"image:{image.pk}", image.caption, image=image)
              for image in ProductImage.objects.filter(product=product).order_by("display_order", "pk")]
    ops = sorted(change.photo_ops.all(), key=lambda op: op.seq) if change else []
    for op in ops:
        if op.action == PhotoAction.ADD:
            photos.append(ProposedPhoto(f"new:{op.pk}", op.alt_text, operation=op))
        elif op.image_id is not None:
            reference = f"image:{op.image_id}"
            if op.action == PhotoAction.DELETE:
                photos = [photo for photo in photos if photo.reference != reference]
            elif op.action == PhotoAction.ALT:
                for photo in photos:
                    if photo.reference == reference:
                        photo.alt = op.alt_text
    for op in ops:
        if op.action == PhotoAction.REORDER:
            by_reference = {photo.reference: photo for photo in photos}
            named = [by_reference[ref] for ref in op.order if ref in by_reference]
            photos = named + [photo for photo in photos if photo not in named]
    return photos



class DiffRow(tuple):
    """``(label, current, proposed)``; ``operation`` is the photo operation of a photo row (for a
    thumbnail of a new photo), ``key`` the field key of a field row."""

    def __new__(cls, label, current, proposed, operation=None, key=None):
        row = super().__new__(cls, (label, current, proposed))
        row.operation, row.key = operation, key
        return row

    label = property(lambda self: self[0])
    current = property(lambda self: self[1])
    proposed = property(lambda self: self[2])


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def _photo_name(image) -> str:
    if image is None:
        return _("(a photo deleted meanwhile)")
    name = image.original.name.rsplit("/", 1)[-1] if image.original else f"#{image.pk}"
    return f"{name} ({image.caption})" if image.caption else name


def diff(change) -> list:
    """What ``change`` proposes, against the approved listing: a ``DiffRow`` per changed field (in
    the order of ``FIELDS``), then one per photo operation."""
    current = current_values(change.product)
    rows = [DiffRow(str(FIELDS[key].label), _shown(current[key]), _shown(_from_json(key, change.fields[key])), key=key)
            for key in FIELDS if key in change.fields]
    ops = list(change.photo_ops.select_related("image").order_by("seq"))
    added = {f"new:{op.pk}": op.original_name for op in ops if op.action == PhotoAction.ADD}
    photos = list(ProductImage.objects.filter(product_id=change.product_id).order_by("display_order", "pk"))
    names = {f"image:{image.pk}": _photo_name(image) for image in photos}
    for op in ops:
        label = f"{PHOTOS_LABEL}: {op.get_action_display()}"
        if op.action == PhotoAction.ADD:
            proposed = f"{op.original_name} ({op.alt_text})" if op.alt_text else op.original_name
            rows.append(DiffRow(label, "—", proposed, operation=op))
        elif op.action == PhotoAction.DELETE:
            rows.append(DiffRow(label, _photo_name(op.image), _("deleted"), operation=op))
        elif op.action == PhotoAction.ALT:
            rows.append(DiffRow(label, _shown(op.image.caption if op.image else None), _shown(op.alt_text),
                                operation=op))
        else:
            now = ", ".join(names[f"image:{image.pk}"] for image in photos)
            proposed = ", ".join(names.get(ref) or added.get(ref) or ref for ref in op.order)
            rows.append(DiffRow(label, now or "—", proposed, operation=op))
    return rows
