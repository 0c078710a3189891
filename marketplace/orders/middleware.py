"""Prices in the currency the shopper chose (session), after Oscar's BasketMiddleware.

Baht is Oscar's default strategy already (THB stock records), so only a shopper who chose
another currency — or whose shipping address is abroad — gets the channel strategy.
"""
from .currency import CURRENCIES, THB
from .strategy import ChannelStrategy

SESSION_KEY = "otop_currency"


def chosen_currency(request):
    currency = request.session.get(SESSION_KEY, THB) if hasattr(request, "session") else THB
    return currency if currency in CURRENCIES else THB


def choose_currency(request, currency):
    request.session[SESSION_KEY] = currency if currency in CURRENCIES else THB


class ChannelStrategyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        currency = chosen_currency(request)
        if currency != THB:
            # The basket is loaded lazily and takes request.strategy when it is first used.
            request.strategy = ChannelStrategy(request, currency=currency)
        return self.get_response(request)
