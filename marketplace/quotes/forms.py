"""The quotes' forms (pages only; the rules are in ``quoting`` and ``states``)."""
from django import forms
from django.utils.translation import get_language, gettext_lazy as _

from marketplace.core.countries import country_choices

from .models import Certificate, Incoterm, QuoteVersion, TargetCurrency, TradeBuyer, Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type=date> reads, in every language


def _countries():
    return [("", "---------"), *country_choices(get_language())]


class CountryField(forms.ChoiceField):
    """A country picked by its name in the page's language (ISO 3166-1, ``core.countries``, as
    ``quoting.check_destination`` reads a request's destination); a code sent in any case is read too."""

    default_error_messages = {"invalid_choice": _("Choose the country from the list (“%(value)s” is not a country).")}

    def __init__(self, **kwargs):
        super().__init__(choices=_countries, **kwargs)  # a callable: named when the form is shown

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class TradeBuyerForm(forms.ModelForm):
    country = CountryField(label=_("Country"))
    currency = forms.CharField(label=_("Your own currency (three-letter code, e.g. JPY)"), max_length=60,
                               required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = TradeBuyer
        fields = ["company", "country", "business_type", "tax_number", "website", "contact_name", "phone", "currency"]

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        if currency and (len(currency) != 3 or not currency.isalpha()):
            raise forms.ValidationError(_("Give the currency as its three-letter code, e.g. JPY."))
        return currency


class RequestForm(forms.Form):
    incoterm = forms.ChoiceField(label=_("Incoterm (Incoterms 2020)"), choices=Incoterm.choices, initial=Incoterm.FOB)
    destination_country = CountryField(label=_("Destination country"))
    destination_place = forms.CharField(label=_("Destination port or city"), max_length=255)
    wanted_by = forms.DateField(label=_("Wanted by"), required=False, widget=DateInput)
    sample_requested = forms.BooleanField(label=_("I would like a sample first"), required=False)
    certifications_required = forms.MultipleChoiceField(
        label=_("Certifications required"), choices=Certificate.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    certifications_other = forms.CharField(label=_("Other certifications"), max_length=255, required=False)
    target_currency = forms.ChoiceField(label=_("Target price currency"), choices=TargetCurrency.choices,
                                        initial=TargetCurrency.USD)
    message = forms.CharField(label=_("Message to the producers"), widget=forms.Textarea(attrs={"rows": 4}),
                              required=False)
    attachment = forms.FileField(label=_("Specification or label (PDF or image)"), required=False)

    # A past ``wanted_by`` and a code that is no country are refused by ``quoting.check_destination``,
    # on these fields: one rule for the pages and the API.


class LineForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    target_unit_price = forms.DecimalField(label=_("Target unit price"), min_value=0, max_digits=12,
                                           decimal_places=2, required=False)


class QuoteForm(forms.ModelForm):
    class Meta:
        model = QuoteVersion
        fields = ["currency", "lead_time_days", "minimum_order", "incoterm", "named_place", "valid_until",
                  "sample_cost", "deposit_percent", "payment_terms", "notes"]
        widgets = {"valid_until": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
