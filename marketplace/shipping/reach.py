"""Where a product ships, said before the basket: the one answer the product page and the API
(``Product.shipping``) give. It follows the shipping rule (``pricing.py``): a product travels
abroad when a parcel can be priced for it, from its recorded packed weight or from its net
weight plus the staff's packaging allowance — which the answer then says."""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from . import pricing
from .models import PackagingAllowance


@dataclass(frozen=True)
class Reach:
    worldwide: bool
    weight_estimated: bool
    allowance: PackagingAllowance | None = None

    @property
    def headline(self):
        return _("Ships worldwide") if self.worldwide else _("Ships within Thailand only")

    @property
    def reason(self):
        """Why it stays in Thailand, or how the price abroad is worked out; None when nothing to add."""
        if not self.worldwide:
            return _("Its packaging weight and size are not recorded, so a parcel abroad cannot be priced.")
        if self.weight_estimated:
            return _("Shipping abroad is priced from an estimated packed weight: the net weight plus "
                     "%(percent)s%% and %(grams)s g for packing.") % {
                "percent": f"{Decimal(self.allowance.percent).normalize():f}", "grams": self.allowance.grams}
        return None


def reach(product, allowance=None):
    allowance = allowance or PackagingAllowance.current()
    worldwide = pricing.can_ship_abroad(product, allowance)
    _weight, estimated = pricing.gross_weight_g(product, allowance)
    return Reach(worldwide=worldwide, weight_estimated=worldwide and estimated, allowance=allowance)
