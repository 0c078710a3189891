"""Stripe's webhook endpoint: signature checked, each event applied once."""
import stripe
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import gateway
from .events import apply_event


@csrf_exempt  # Stripe cannot send a CSRF token; the signature authenticates the request.
@require_POST
def stripe_webhook(request):
    signature = request.headers.get("Stripe-Signature", "")
    try:
        event = gateway.construct_event(request.body.decode("utf-8"), signature)
    except (ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest("Invalid payload.")
    except stripe.SignatureVerificationError:
        return HttpResponseBadRequest("Invalid or stale Stripe-Signature.")
    applied = apply_event(event)
    return JsonResponse({"received": True, "applied": applied})
