"""Payment problems for staff: recorded (``PaymentProblem``, listed in the admin) and logged,
never acted on automatically."""
import logging

from .models import PaymentProblem

logger = logging.getLogger("marketplace.payments")


def flag(kind, detail, *, payment=None, event_id="", event_type="", payload=""):
    logger.error("Payment problem (%s): %s [event %s, payment %s]", kind, detail, event_id or "-",
                 getattr(payment, "intent_id", "-"))
    return PaymentProblem.objects.create(kind=kind, detail=_storable(detail), payment=payment,
                                         event_id=_storable(event_id)[:255], event_type=_storable(event_type)[:64],
                                         payload=_storable(payload)[:20000])


def _storable(text) -> str:
    """``text`` as PostgreSQL can keep it: a NUL character (which a text column refuses) written
    as the JSON escape that stands for it, so what was received is still readable."""
    return str(text).replace("\x00", "\\u0000")
