"""Money as Saleor shapes it: prices are VAT-inclusive in Thailand, so net = gross and tax = 0."""
from decimal import Decimal

import graphene

FRACTION_DIGITS = {"THB": 2, "USD": 2}


class Money(graphene.ObjectType):
    currency = graphene.String(required=True)
    amount = graphene.Float(required=True)
    fractional_amount = graphene.Int(required=True)
    fraction_digits = graphene.Int(required=True)

    @staticmethod
    def resolve_fraction_digits(root, info):
        return FRACTION_DIGITS.get(root.currency, 2)

    @staticmethod
    def resolve_fractional_amount(root, info):
        return int(Decimal(root.amount) * 10 ** FRACTION_DIGITS.get(root.currency, 2))


class MoneyValue:
    def __init__(self, amount, currency):
        self.amount = Decimal(amount)
        self.currency = currency


class TaxedMoney(graphene.ObjectType):
    currency = graphene.String(required=True)
    gross = graphene.Field(Money, required=True)
    net = graphene.Field(Money, required=True)
    tax = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_currency(root, info):
        return root.currency

    @staticmethod
    def resolve_gross(root, info):
        return root

    resolve_net = resolve_gross

    @staticmethod
    def resolve_tax(root, info):
        return MoneyValue(0, root.currency)


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney)
    stop = graphene.Field(TaxedMoney)


def money(amount, currency):
    """A MoneyValue, or None when there is no amount."""
    return None if amount is None else MoneyValue(amount, currency)


def money_range(amount, currency):
    value = money(amount, currency)
    return None if value is None else {"start": value, "stop": value}
