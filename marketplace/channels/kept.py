"""The listing per product and channel (``ChannelListingRow``), kept: what each channel's shoppers
see of a product — listed there or not, and at what price in the channel's currency.

Worked out from the rules' own homes, never restated: the listing's kept verdict and certification
dates (``catalog.listing``, read from ``catalog.Listing``), whether the channel sells the product
(``availability.in_channel_q``) and its price there (``pricing.price_expression`` over the kept baht
price). Rewritten
- for the products whose listing rows were just rewritten (``listing.rows_written``: every change
  the listing rule reads, the programme-record import's bulk writes, ``manage.py listing_refresh``
  and the nightly check), in the same transaction;
- for a product whose channel listings change (sold in which channels, a fixed price);
- for every product in a channel when the channel is saved (switched off, another currency), and
  in every channel when one is deleted (a product listed only there is now sold everywhere).
A new exchange rate or rounding rule (settings ``OTOP_USD_*``) takes effect in the table with
``manage.py listing_refresh`` (the deploy runs it) or the nightly check, which compares every row
with the rules worked out from scratch (``mismatches``) and rewrites the table when any differ.

How many rows a channel lists per certification window is kept beside them (``ListedCount``,
written by PostgreSQL's triggers on the rows): ``listed_count`` sums it, ``recount`` folds and
checks it nightly (``channels.tasks``).
"""
from django.db import connection, transaction
from django.db.models import BooleanField, CharField, ExpressionWrapper, F, FilteredRelation, Q, Sum, Value
from django.db.models.functions import Coalesce

from marketplace.catalog import listing
from marketplace.catalog.models import Listing
from marketplace.channels import availability, pricing
from marketplace.channels.models import Channel, ChannelListingRow, ListedCount, ProductChannelListing
from marketplace.core import kept_tables
from marketplace.core.lookups import any_of

COLUMNS = ("listed", "valid_from", "valid_until", "price", "currency")


def _rows(channel, product_ids=None):
    """The rows of ``channel`` worked out from the rules: a values queryset over ``catalog.Listing``
    of ``product_id``, ``channel_id`` and ``COLUMNS``, in that order."""
    queryset = Listing.objects.all() if product_ids is None else Listing.objects.filter(any_of("product_id", product_ids))
    if channel.is_active:
        listed = Coalesce(ExpressionWrapper(Q(eligible=True) & availability.in_channel_q(channel, field="product_id"),
                                            output_field=BooleanField()), Value(False))
    else:
        listed = Value(False)
    columns = {
        "product_id": F("product_id"),
        "channel_id": Value(channel.pk),
        "listed": listed,
        "valid_from": F("valid_from"),
        "valid_until": F("valid_until"),
        "price": pricing.price_expression(channel, product_ref="product_id", thb=F("price")),
        "currency": Value(channel.currency_code, output_field=CharField()),
    }
    return queryset.order_by().annotate(**{f"row_{name}": value for name, value in columns.items()}).values(
        *[f"row_{name}" for name in columns])


def refresh(product_ids=None, channels=None) -> int:
    """Rewrite the rows of ``product_ids`` (every product when None) in ``channels`` (every channel
    when None), in the caller's transaction. Returns the rows written. The whole table (both None)
    also loses rows of products without a listing row and of channels that no longer exist."""
    if product_ids is not None:
        product_ids = sorted({int(pk) for pk in product_ids if pk})
        if not product_ids:
            return 0
    elif channels is None:  # rows of a product or channel deleted behind Django's back (kept_tables.drop_orphans)
        kept_tables.drop_orphans(ChannelListingRow, "product_id", Listing)
        kept_tables.drop_orphans(ChannelListingRow, "channel_id", Channel)
    key = ("product_id", "channel_id")
    return sum(kept_tables.rewrite(ChannelListingRow, key, COLUMNS, _rows(channel, product_ids))
               for channel in (Channel.objects.all() if channels is None else channels))


def mismatches() -> dict[int, str]:
    """Products with a row that disagrees with the rules worked out from scratch (or none), each
    with the channel and the first column that differs: empty when the table is right."""
    found = {}
    kept = {(row["product_id"], row["channel_id"]): row
            for row in ChannelListingRow.objects.values("product_id", "channel_id", *COLUMNS)}
    channels = list(Channel.objects.all())
    for channel in channels:
        for row in _rows(channel).iterator(chunk_size=5000):
            pk = row["row_product_id"]
            stored = kept.pop((pk, channel.pk), None)
            if stored is None:
                found.setdefault(pk, f"{channel.slug}: no row")
                continue
            differing = kept_tables.first_difference(stored, row, COLUMNS)
            if differing:
                found.setdefault(pk, f"{channel.slug} {differing}")
    existing = {channel.pk for channel in channels}
    for pk, channel_id in kept:
        found.setdefault(pk, "row of a channel that does not exist" if channel_id not in existing
                         else "row of a product without a listing row")
    return found


def here(channel_pk):
    """The product's row in the channel: annotate ``catalogue.Product`` with ``channel_here=here(pk)``."""
    return FilteredRelation("channel_rows", condition=Q(channel_rows__channel_id=channel_pk))


def listed_q(today, prefix="channel_here__") -> Q:
    """Over ``catalogue.Product`` annotated with ``here``: what the channel's shoppers see ``today``
    (``prefix=""``: over the rows themselves)."""
    return Q(**{f"{prefix}listed": True}) & _window_q(today, prefix)


def _window_q(today, prefix=""):
    """The certification's dates, kept beside the verdict, hold ``today``."""
    return Q(**{f"{prefix}valid_from__lte": today, f"{prefix}valid_until__gte": today})


def listed_count(channel_pk, today) -> int:
    """How many products the channel's shoppers see ``today``: the kept counts of the windows that
    hold the day (``ListedCount``, a handful of rows), the same number as counting the rows
    ``listed_q`` selects (the consistency tests compare them after every kind of change)."""
    counted = ListedCount.objects.filter(_window_q(today), channel_id=channel_pk).aggregate(n=Sum("n"))["n"]
    return counted or 0


def _listed_by_window():
    """SQL: the listed rows counted afresh per (channel, valid from, valid until), as ``n``."""
    return (f"SELECT channel_id, valid_from, valid_until, count(*) AS n FROM {kept_tables.table(ChannelListingRow)} "
            f"WHERE listed GROUP BY 1, 2, 3")


def count_mismatches() -> dict[tuple, tuple[int, int]]:
    """{(channel id, valid from, valid until): (kept count, rows counted)} where ``ListedCount``
    disagrees with the listed rows counted afresh: empty when the counts are right. One statement,
    so both are read in one snapshot (a change committed meanwhile is in both or in neither)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT channel_id, valid_from, valid_until, sum(kept)::bigint, sum(counted)::bigint FROM ("
            f"SELECT channel_id, valid_from, valid_until, n AS kept, 0 AS counted FROM {kept_tables.table(ListedCount)} "
            f"UNION ALL SELECT channel_id, valid_from, valid_until, 0, n FROM ({_listed_by_window()}) AS counted_rows"
            f") AS together GROUP BY 1, 2, 3 HAVING sum(kept) <> sum(counted)")
        return {(channel, valid_from, valid_until): (kept_count, counted)
                for channel, valid_from, valid_until, kept_count, counted in cursor.fetchall()}


def recount() -> dict[tuple, tuple[int, int]]:
    """Fold ``ListedCount`` into one row per window, counted afresh from the rows (the nightly
    check: the triggers add a row per changing statement). One statement, so one snapshot: changes
    committed after it began keep their own rows and still add up. Two recounts wait for each other
    (each would fold the rows the other had not yet replaced). Returns what disagreed before."""
    counts = kept_tables.table(ListedCount)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('channels.kept.recount'))")
        differing = count_mismatches()
        cursor.execute(f"WITH folded AS (DELETE FROM {counts}) INSERT INTO {counts} "
                       f"(channel_id, valid_from, valid_until, n) {_listed_by_window()}")
    return differing


def _product_changed(sender, instance, raw=False, origin=None, **kwargs):
    """A product's listing in a channel was saved or deleted: its rows, unless it is deleted with
    its product or its channel (their rows go with them; one written now would outlive them)."""
    deleting = getattr(origin, "model", type(origin)) if origin is not None else None
    if raw or (deleting is not None and not issubclass(deleting, ProductChannelListing)):
        return
    refresh([instance.product_id])


def _channel_saved(sender, instance, raw=False, **kwargs):
    """A channel saved (switched off, another currency): its own rows, every product's."""
    if not raw:
        refresh(channels=[instance])


def _channel_deleted(sender, **kwargs):
    """Its rows went with it (Django's cascade), and so did its products' listings there: a product
    listed only there is now sold in every channel, so every channel's rows are rewritten."""
    refresh()


def _listing_written(sender, product_ids, **kwargs):
    refresh(product_ids)
    if product_ids is None:  # the whole listing rewritten (listing_refresh, the nightly job): the counts too
        recount()


def connect():
    from django.db.models.signals import post_delete, post_save

    listing.rows_written.connect(_listing_written, dispatch_uid="channels_kept_listing")
    listing.checking.connect(_checked, dispatch_uid="channels_kept_check")
    listing.checking_totals.connect(_counts_checked, dispatch_uid="channels_kept_counts_check")
    for signal in (post_save, post_delete):
        signal.connect(_product_changed, sender=ProductChannelListing, dispatch_uid=f"channels_kept_{signal is post_save}")
    post_save.connect(_channel_saved, sender=Channel, dispatch_uid="channels_kept_channel_True")
    post_delete.connect(_channel_deleted, sender=Channel, dispatch_uid="channels_kept_channel_False")


def _checked(sender, **kwargs):
    return mismatches()


def _counts_checked(sender, **kwargs):
    channels = dict(Channel.objects.values_list("pk", "slug"))
    return {f"listed products in {channels.get(channel, channel)}, certified {valid_from} to {valid_until}":
            f"kept {kept_count}, rows {counted}"
            for (channel, valid_from, valid_until), (kept_count, counted) in sorted(count_mismatches().items())}
