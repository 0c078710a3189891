"""Oscar's stock alerts ("Notify me" on a product out of stock), sent after the stock is committed.

Oscar e-mails every alert of a product from the ``post_save`` of its stock record when
``OSCAR_EAGER_ALERTS`` is on: inside the transaction that saved it (an e-mail for stock that a
rollback then took back) and in the language of whoever changed the stock. Here that setting is off;
the save enqueues ``send_stock_alerts`` in the same transaction (the job runs only if it commits;
a bulk write, the import's, enqueues it once committed),
and the job writes each alert's e-mail in the language the shopper asked in, for a product that
shoppers may see and buy (``listing``, ``stock``), closing the alerts it answered.
"""
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_class, get_model

from marketplace.catalog import listing, stock
from marketplace.catalog.bulk_writes import products_written_in_bulk
from marketplace.catalog.models import StockAlertLanguage
from marketplace.core.lookups import any_of

ProductAlert = get_model("customer", "ProductAlert")
StockRecord = get_model("partner", "StockRecord")


def remember_language(sender, instance, created, raw=False, **kwargs):
    """``post_save`` of an alert: keep the language of the page it was asked on."""
    if created and not raw:
        StockAlertLanguage.objects.get_or_create(
            alert=instance, defaults={"language": translation.get_language() or settings.LANGUAGE_CODE})


def stock_saved(sender, instance, raw=False, **kwargs):
    """``post_save`` of a stock record: units to sell and someone waiting → the job, with the save."""
    if raw or stock.available(instance) <= 0:
        return
    if ProductAlert.objects.filter(product_id=instance.product_id, status=ProductAlert.ACTIVE).exists():
        from marketplace.catalog import tasks

        tasks.send_stock_alerts.defer(product_id=instance.product_id)


def products_written(sender, product_ids, **kwargs):
    """After a bulk write, committed (the import writes stock with COPY: no ``post_save``): a job
    for each of its products that shoppers wait for."""
    from marketplace.catalog import tasks

    waiting = (ProductAlert.objects.filter(any_of("product_id", product_ids), status=ProductAlert.ACTIVE)
               .values_list("product_id", flat=True).distinct())
    for product_id in sorted(waiting):
        tasks.send_stock_alerts.defer(product_id=product_id)


def _language(alert) -> str:
    """The language the alert was asked in (loaded with it: ``otop_language``), else the shop's."""
    try:
        return alert.otop_language.language or settings.LANGUAGE_CODE
    except StockAlertLanguage.DoesNotExist:  # an alert made before the language was kept
        return settings.LANGUAGE_CODE


def send(product_id) -> int:
    """E-mail the product's active alerts that it is back (the job's body); how many were sent.
    Nothing while shoppers may not see or buy it: the alerts wait for the next time."""
    product = listing.listable().filter(pk=product_id).first()
    units = stock.quantity_available(product) if product is not None else 0
    if units <= 0:
        return 0
    alerts = list(ProductAlert.objects.filter(product=product, status=ProductAlert.ACTIVE)
                  .select_related("user", "otop_language"))
    dispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")()
    hurry = len(alerts) > units  # more people waiting than units: Oscar's "be quick" line
    for alert in alerts:
        with translation.override(_language(alert)):
            context = dispatcher.get_extra_context_for_alert(alert, hurry)
            messages = dispatcher.dispatcher.get_messages(dispatcher.PRODUCT_ALERT_EVENT_CODE, context)
            if alert.user:
                dispatcher.notify_user_about_product_alert(alert.user, context)
                dispatcher.dispatcher.dispatch_user_messages(alert.user, messages)
            else:
                dispatcher.dispatcher.dispatch_direct_messages(alert.get_email_address(), messages)
        alert.close()
    return len(alerts)


def connect():
    from django.db.models.signals import post_save

    post_save.connect(remember_language, sender=ProductAlert, dispatch_uid="otop_stock_alert_language")
    post_save.connect(stock_saved, sender=StockRecord, dispatch_uid="otop_stock_alerts")
    products_written_in_bulk.connect(products_written, dispatch_uid="otop_stock_alerts_bulk")


def dashboard_alert_list_view(view_class):
    """Oscar's dashboard list of stock alerts, which describes the list only for a valid status: a
    status that is not one (``?status=``) listed nothing but an error. It lists every alert, with the
    form saying what is wrong."""

    class StockAlertListView(view_class):
        description = gettext_lazy("All alerts")

    return StockAlertListView
