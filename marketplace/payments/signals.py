"""What the payments app tells the rest of the shop, so that it never imports the apps that
care (orders listens: a paid order may ship, a failed one releases its stock, a refund staff asked
for is complete once Stripe reports the money given back)."""
from django.dispatch import Signal

# Sent with ``payment`` (a StripePayment, locked in the current transaction).
payment_succeeded = Signal()
payment_failed = Signal()
# Stripe reports the whole payment given back (``charge.refunded``, refunded in full).
payment_refunded = Signal()
