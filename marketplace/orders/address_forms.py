"""The storefront's address forms — the checkout's delivery address and the account's address
book — with the address rule (``marketplace.provinces.addresses.check_address``): for Thailand a
list of the 77 provinces in the page's language instead of a "state" field, and the postcode checked
against the province; abroad the postcode checked against its country's form, and required only
where the country has postcodes. The list's values are ISO codes; the address keeps the province's name in
the page's language as its state. The city line is labelled as a district or city (the province
has its own list), and countries are named in the page's language (``shipping/countries.py``)."""
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.forms import UserAddressForm
from oscar.apps.checkout.forms import ShippingAddressForm

from marketplace.core import plain_text
from marketplace.orders import address_lengths
from marketplace.orders.address_lengths import NOTES_MAX_LENGTH
from marketplace.provinces.lookup import find_province
from marketplace.provinces.addresses import (
    POSTCODE, PROVINCE, THAILAND, AddressError, check_address, province_choices)
from marketplace.shipping import companies
from marketplace.shipping.countries import by_shown_name, country_name, name_in_messages

COMPANY = "company_name"


# Each line's own label (Oscar's "First/Second/Third line of address" and "City" read almost alike in
# Thai): the house and street, the sub-district, further details, then the district or city; the
# province has its own list and "state" is for addresses abroad.
ADDRESS_LABELS = {
    "line1": _("House number and street"),
    "line2": _("Sub-district or area"),
    "line3": _("Building, village or other details"),
    "line4": _("District / city"),
    "state": _("State / region (outside Thailand)"),
}


class ThaiAddressFormMixin:
    """The Thai address rule for one of Oscar's address model forms."""

    # Which of province and state the page shows follows the country select (storefront_theme's
    # address.js); without a country select the shop ships within Thailand only and "state" is not offered.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The company the address is for (the API's companyName), beside Oscar's columns (``companies``).
        self.fields[COMPANY] = forms.CharField(label=_("Company (optional)"), required=False,
                                               max_length=address_lengths.limits()["company_name"])
        self.initial.setdefault(COMPANY, companies.company_of(self.instance))
        self.fields[PROVINCE] = forms.ChoiceField(
            label=_("Province"), required=False, choices=[("", _("Choose a province"))] + province_choices())
        if "notes" in self.fields:  # a TextField without a length in Oscar: 100,000 characters were taken
            notes = self.fields["notes"]
            notes.max_length = NOTES_MAX_LENGTH
            notes.validators.append(MaxLengthValidator(NOTES_MAX_LENGTH))
            notes.widget.attrs["maxlength"] = str(NOTES_MAX_LENGTH)
        for name, label in ADDRESS_LABELS.items():
            if name in self.fields:
                self.fields[name].label = label
        if POSTCODE in self.fields:  # required by the address rule where the country has postcodes
            self.fields[POSTCODE].required = False
        if "country" in self.fields:
            field = self.fields["country"]
            field.queryset = self.offered_countries(field.queryset)
            field.choices = [choice for choice in field.choices if choice[0] == ""] + [
                (field.prepare_value(country), country_name(country)) for country in by_shown_name(field.queryset)]
            if not self.instance.country_id:  # a new address is in Thailand unless the shopper picks another
                self.initial.setdefault("country", THAILAND)
        elif self.instance.country_id == THAILAND:
            self.fields.pop("state", None)
        known = find_province(self.initial.get("state") or self.instance.state)
        if known is not None:  # the address chosen before, shown again in this page's language
            self.initial.setdefault(PROVINCE, known.iso_code)
        order = [name for name in self.fields if name not in (PROVINCE, COMPANY)]
        order.insert(order.index("postcode"), PROVINCE)
        order.insert(order.index("last_name") + 1, COMPANY)
        self.order_fields(order)

    def offered_countries(self, countries):
        """The countries the form's country select offers (Oscar's choice unless a form narrows it)."""
        return countries

    def save(self, commit=True):
        address = super().save(commit=commit)
        if commit:
            companies.keep(address)
        return address

    _refusal = None

    def _post_clean(self):
        super()._post_clean()
        if self._refusal is not None and self._refusal.field == POSTCODE:
            # Oscar's address model checks the postcode too (with the same table abroad), and adds its own
            # "Addresses in Thailand require a valid postcode" or "The postcode … is not valid for …" to the
            # form: one clear message is enough.
            self._errors.pop(NON_FIELD_ERRORS, None)
            self._errors[POSTCODE] = self.error_class([self._refusal.message])

    def _country_code(self):
        country = self.cleaned_data.get("country") if "country" in self.fields else self.instance.country
        return getattr(country, "iso_3166_1_a2", None) or ""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.CharField) and isinstance(value, str) and name not in self.errors:
                problem = plain_text.refusal(value, multiline=isinstance(field.widget, forms.Textarea))
                if problem is not None:
                    self.add_error(name, problem)
        companies.attach(self.instance, cleaned.get(COMPANY))
        country = self._country_code()
        try:
            province, postcode = check_address(country, cleaned.get(PROVINCE), cleaned.get(POSTCODE),
                                               name_in_messages(country) if country else None)
        except AddressError as refusal:
            if refusal.field not in self.errors:  # a required postcode already says so
                self.add_error(refusal.field, refusal.message)
                self._refusal = refusal
            return cleaned
        if POSTCODE in cleaned:
            cleaned[POSTCODE] = postcode
        if province is not None:
            cleaned["state"] = province.name
            self.instance.state = province.name
        return cleaned


class MarketplaceShippingAddressForm(ThaiAddressFormMixin, ShippingAddressForm):
    """The checkout's delivery address."""


class MarketplaceUserAddressForm(ThaiAddressFormMixin, UserAddressForm):
    """An address in the account's address book (/accounts/addresses/): the same rule as the
    checkout's and, like the API's address book (``accounts.address_book``), only the countries
    the shop ships to."""

    def offered_countries(self, countries):
        return countries.filter(is_shipping_country=True)
