"""Prices in the currency the shopper chose (session), after Oscar's BasketMiddleware.

Every shopper gets the channel strategy (``strategy.ChannelStrategy``), baht included, so the
pages price and count stock by the same rules as checkout, the API and search. A currency whose
channel is switched off falls back to baht.
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
        strategy = ChannelStrategy(request, currency=currency)
        if currency != THB and strategy.channel is None:
            strategy = ChannelStrategy(request, currency=THB)
        # The basket is loaded lazily and takes request.strategy when it is first used.
        request.strategy = strategy
        return self.get_response(request)
