"""Payment problems for staff: recorded (``PaymentProblem``, listed in the admin) and logged,
never acted on automatically."""
import logging

from .models import PaymentProblem

logger = logging.getLogger("marketplace.payments")


def flag(kind, detail, *, payment=None, event_id="", event_type="", payload=""):
    logger.error("Payment problem (%s): %s [event %s, payment %s]", kind, detail, event_id or "-",
                 getattr(payment, "intent_id", "-"))
    return PaymentProblem.objects.create(kind=kind, detail=detail, payment=payment, event_id=event_id[:255],
                                         event_type=event_type[:64], payload=payload[:20000])
