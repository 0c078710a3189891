"""The catalogue's signals. ``product_page_viewed`` replaces Oscar's ``product_viewed`` on the
product page: Oscar's analytics receiver stores which signed-in user viewed which product
(``UserProductView``); the shop counts views without storing who viewed (``marketplace.sales``)."""
from django.dispatch import Signal

product_page_viewed = Signal()  # sent with product=, request=
