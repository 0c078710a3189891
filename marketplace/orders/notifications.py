"""The order confirmation e-mail, through Oscar's ORDER_PLACED message templates and
Django's e-mail backend (console in development). Sent through ``outbox``, never directly."""
import logging

from django.urls import NoReverseMatch, reverse
from oscar.apps.order.utils import OrderDispatcher

logger = logging.getLogger(__name__)


def order_status_path(order):
    try:
        if order.user_id:
            return reverse("customer:order", kwargs={"order_number": order.number})
        return reverse("customer:anon-order", kwargs={"order_number": order.number,
                                                      "hash": order.verification_hash()})
    except NoReverseMatch:
        return None


def send_order_confirmation(order, status_url=""):
    """Render and send; raises whatever the mail backend raises."""
    context = {"user": order.user, "order": order, "lines": order.lines.all(), "request": None,
               "status_path": order_status_path(order)}
    if status_url:
        context["status_url"] = status_url
    OrderDispatcher(logger=logger).send_order_placed_email_for_user(order, context)
