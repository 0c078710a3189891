"""Template tags of the account pages: what the account rules say about the signed-in shopper."""
from django import template

from marketplace.orders import address_proof

register = template.Library()


@register.simple_tag
def email_confirmed(user) -> bool:
    """Whether ``user``'s e-mail address is shown to be theirs (``orders.address_proof``)."""
    return bool(getattr(user, "is_authenticated", False)) and address_proof.is_confirmed(user)
