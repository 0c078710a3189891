"""Oscar's dashboard order list, whose "Download selected orders" CSV holds what shoppers typed
(their e-mail, the names on their addresses): every cell goes through
``marketplace.core.exported_cells``, so a name typed as ``=HYPERLINK(…)`` is text in the
member of staff's spreadsheet, not a live link. The order total stays a number.

Oscar's class loader (``marketplace.core.oscar_classes``) puts this view in place of
Oscar's own; no fork of the dashboard app.
"""
from marketplace.core.exported_cells import inert


def inert_order_list_view(oscar_view):
    """Oscar's ``OrderListView`` with every downloaded cell made inert."""

    class OrderListView(oscar_view):
        def get_row_values(self, order):
            return {column: inert(value) for column, value in super().get_row_values(order).items()}

    OrderListView.__module__ = __name__
    return OrderListView
