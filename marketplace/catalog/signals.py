"""The catalogue's signals. ``product_page_viewed`` replaces Oscar's ``product_viewed`` on the
product page: Oscar's analytics receiver stores which signed-in user viewed which product
(``UserProductView``); the shop counts views without storing who viewed (``marketplace.sales``).
The shopper's own "recently viewed" cookie, Oscar's other receiver, is updated by the view itself."""
from django.dispatch import Signal

product_page_viewed = Signal()  # sent with product=, request=
