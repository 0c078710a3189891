"""What the payments app tells the rest of the shop, so that it never imports the apps that
care (orders listens: a paid order may ship, a failed one releases its stock)."""
from django.dispatch import Signal

# Sent with ``payment`` (a StripePayment, locked in the current transaction).
payment_succeeded = Signal()
payment_failed = Signal()
