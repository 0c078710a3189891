"""What a shopper is told of the payment their order was placed on."""
from django import template

from marketplace.payments import intents

register = template.Library()


@register.filter
def payment_summary(payment):
    """``{{ payment|payment_summary }}``: paid by card, with PromptPay, waiting, or returned (``intents.summary``)."""
    return intents.summary(payment)
