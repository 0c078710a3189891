"""The price-per-channel and stock form of the portal: each value checked by its rule's home
(``catalog.stock.clean_quantity``, ``channels.pricing.clean_amount``), its refusal shown at its field."""
from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.catalog import stock
from marketplace.channels import pricing
from marketplace.core.errors import DomainError
from marketplace.core.i18n import localized


class PriceStockForm(forms.Form):
    # show_hidden_initial: the page carries the values it showed, so that saving writes only what the
    # producer changed there (a price another member saved meanwhile is not put back by a stale page).
    stock = forms.CharField(label=_("Units in stock"), required=False, show_hidden_initial=True,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))

    def __init__(self, *args, product, channels, **kwargs):
        record = stock.record_to_write(product)
        initial = {"stock": record.num_in_stock if record is not None else 0}
        self.price_fields = []
        fields = {}
        for channel, sold in channels:
            if not sold:
                continue
            name = f"price_{channel.pk}"
            base = channel.currency_code == pricing.BASE_CURRENCY
            fixed = next((listing.price for listing in product.channel_listings.all()
                          if listing.channel_id == channel.pk), None)
            initial[name] = (record.price if record is not None else None) if base else fixed
            thb = pricing.base_price(product)
            derived = None if base or thb is None else pricing.convert(thb, channel)
            fields[name] = forms.CharField(
                label=_("Price in %(channel)s (%(currency)s)") % {"channel": localized(channel, "name"),
                                                                 "currency": channel.currency_code},
                required=False, show_hidden_initial=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                help_text=None if base else (
                    _("Leave empty to use the baht price converted: %(amount)s %(currency)s now.")
                    % {"amount": derived, "currency": channel.currency_code} if derived is not None
                    else _("Leave empty to use the baht price converted.")))
            self.price_fields.append((channel, name))
        super().__init__(*args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        self.fields.update(fields)
        self.order_fields([*fields, "stock"])  # prices first, as the producer thinks of them

    def changed_values(self) -> dict:
        """The cleaned values of the fields whose posted value differs from the one the page showed
        (a post without the shown values, from an older page or a script, changes every field that
        differs from what is stored)."""
        stored = self.initial
        changed = {}
        for name in ["stock", *(name for _channel, name in self.price_fields)]:
            value = self.cleaned_data[name]
            if name in self.changed_data and value != stored.get(name):
                changed[name] = value
        return changed

    def clean_stock(self):
        try:
            return stock.clean_quantity(self.cleaned_data["stock"])
        except DomainError as refusal:
            raise forms.ValidationError(refusal.message, code=str(refusal.code)) from None

    def clean(self):
        cleaned = super().clean()
        for channel, name in self.price_fields:
            value = cleaned.get(name)
            base = channel.currency_code == pricing.BASE_CURRENCY
            if not base and not (value or "").strip():
                cleaned[name] = None  # derived from the baht price
                continue
            try:
                cleaned[name] = pricing.clean_amount(value, channel.currency_code)
            except DomainError as refusal:
                self.add_error(name, refusal.message)
        return cleaned
