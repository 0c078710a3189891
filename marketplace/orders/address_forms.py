"""The storefront's delivery address form: Oscar's, with the Thai address rule
(``marketplace.provinces.addresses``) — for Thailand a list of the 77 provinces in the page's
language instead of a "state" field, and the postcode checked against the province. The list's
values are ISO codes; the address keeps the province's name in the page's language as its state."""
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import ShippingAddressForm

from marketplace.provinces.lookup import find_province
from marketplace.provinces.addresses import (
    POSTCODE, PROVINCE, THAILAND, AddressError, check_thai_address, province_choices)


class MarketplaceShippingAddressForm(ShippingAddressForm):
    # Which of the two the page shows follows the country select (storefront_theme's address.js);
    # without a country select the shop ships within Thailand only and "state" is not offered.
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Choose a province"))] + province_choices()
        if "country" not in self.fields and self.instance.country_id == THAILAND:
            self.fields.pop("state", None)
        known = find_province(self.initial.get("state") or self.instance.state)
        if known is not None:  # the address chosen before, shown again in this page's language
            self.initial.setdefault(PROVINCE, known.iso_code)
        order = [name for name in self.fields if name != PROVINCE]
        order.insert(order.index("postcode"), PROVINCE)
        self.order_fields(order)

    _refusal = None

    def _post_clean(self):
        super()._post_clean()
        if self._refusal is not None and self._refusal.field == POSTCODE:
            # Oscar's address model checks the postcode too, and without the refused one in cleaned_data it
            # adds "Addresses in Thailand require a valid postcode" to the form: one clear message is enough.
            self._errors.pop(NON_FIELD_ERRORS, None)
            self._errors[POSTCODE] = self.error_class([self._refusal.message])

    def _country_code(self):
        country = self.cleaned_data.get("country") if "country" in self.fields else self.instance.country
        return getattr(country, "iso_3166_1_a2", None) or ""

    def clean(self):
        cleaned = super().clean()
        try:
            province = check_thai_address(self._country_code(), cleaned.get(PROVINCE), cleaned.get("postcode"))
        except AddressError as refusal:
            if refusal.field not in self.errors:  # a required postcode already says so
                self.add_error(refusal.field, refusal.message)
                self._refusal = refusal
            return cleaned
        if province is not None:
            cleaned["state"] = province.name
            self.instance.state = province.name
        return cleaned
