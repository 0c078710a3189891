"""``{% acts_for_producer as flag %}``: whether the signed-in user acts for a producer (the account
menu's "Producer portal" link). One query per request at most, kept on the request."""
from django import template

from marketplace.producers.models import Producer

register = template.Library()


@register.simple_tag(takes_context=True)
def acts_for_producer(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return False
    if not hasattr(request, "_acts_for_producer"):
        request._acts_for_producer = Producer.objects.for_user(user).exists()
    return request._acts_for_producer
