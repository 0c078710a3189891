"""Saleor's checkout API (as saleor/storefront's checkout uses it) over ``marketplace.orders.checkouts``."""
