"""Stripe's webhook endpoint: signature checked, shape checked, the event stored for a job to
apply (``events.store``), so Stripe has its answer at once."""
import stripe
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import gateway
from .events import MalformedEvent, parse, record_malformed, store


@csrf_exempt  # Stripe cannot send a CSRF token; the signature authenticates the request.
@require_POST
def stripe_webhook(request):
    signature = request.headers.get("Stripe-Signature", "")
    try:
        payload = request.body.decode("utf-8")
        gateway.verify_signature(payload, signature)
    except UnicodeDecodeError:
        return HttpResponseBadRequest("Invalid payload.")
    except stripe.SignatureVerificationError:
        return HttpResponseBadRequest("Invalid or stale Stripe-Signature.")
    try:
        event = parse(payload)
    except MalformedEvent as reason:
        # Signed, so it came from Stripe (or someone holding the secret): keep it for staff.
        record_malformed(payload, str(reason))
        return HttpResponseBadRequest(f"Malformed event: {reason}")
    return JsonResponse({"received": True, "stored": store(event)})
