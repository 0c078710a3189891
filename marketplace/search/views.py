"""The storefront's search page (``/search/``, replacing Oscar's haystack search): results with
facets, filters, sorts, pagination and "did you mean", in Thai and English."""
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from marketplace.catalog.models import OtopCategory
from marketplace.catalog.queries import card_list
from marketplace.certification.models import StandardType
from marketplace.core.i18n import localized
from marketplace.producers.models import Producer
from marketplace.provinces.lookup import find_province
from marketplace.provinces.models import Province, Region
from marketplace.search import query, service

PER_PAGE = 24
SORT_LABELS = {
    "relevance": _("Best match"), "price": _("Price: low to high"), "-price": _("Price: high to low"),
    "newest": _("Newest selection"), "stars": _("Star level"),
}
FILTER_PARAMS = ("category", "province", "region", "min_stars", "standard", "price_min", "price_max", "producer")


class SearchForm(forms.Form):
    """What the page accepts; a value it cannot use is dropped (and said so), never a 500."""

    q = forms.CharField(required=False, max_length=query.MAX_QUERY_LENGTH * 2, strip=True)
    category = forms.ChoiceField(required=False, choices=[("", "")] + OtopCategory.choices)
    province = forms.RegexField(required=False, regex=r"^TH-\d{2}$")
    region = forms.ChoiceField(required=False, choices=[("", "")] + Region.choices)
    min_stars = forms.IntegerField(required=False, min_value=1, max_value=5)
    standard = forms.MultipleChoiceField(required=False, choices=StandardType.choices)
    producer = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)  # a producer's id
    price_min = forms.DecimalField(required=False, min_value=0, max_digits=12, decimal_places=2)
    price_max = forms.DecimalField(required=False, min_value=0, max_digits=12, decimal_places=2)
    sort = forms.ChoiceField(required=False, choices=[(k, v) for k, v in SORT_LABELS.items()])
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def clean_province(self):
        """A province's ISO code (the pattern alone let TH-99 through, to match nothing unsaid)."""
        code = self.cleaned_data.get("province")
        if code:
            found = find_province(code)
            if found is None or found.iso_code != code:
                raise forms.ValidationError(_("No province has the code %(code)s."), params={"code": code})
        return code

    def clean_producer(self):
        """A producer shoppers may see (``Producer.objects.visible_to``): an unknown or inactive one
        is named in the note, rather than an empty page saying nothing matches."""
        pk = self.cleaned_data.get("producer")
        if pk is not None and not Producer.objects.visible_to(AnonymousUser()).filter(pk=pk).exists():
            raise forms.ValidationError(_("No producer has the number %(number)s."), params={"number": pk})
        return pk

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            # no price lies between them: both are left out (and named) rather than show nothing
            message = _("The lowest price is above the highest.")
            self.add_error("price_min", message)
            self.add_error("price_max", message)
        return data


def _clean(form) -> dict:
    """The valid values of a bound form; invalid fields are left out."""
    form.is_valid()
    data = dict(form.cleaned_data)
    for name in form.errors:
        data[name] = None
    return data


class ProductFacets:
    """Filters, sorts, facets and pages over the search service: the search page's, and the
    category and province pages' (``search.browse``), which fix one filter of their own."""

    form_class = SearchForm
    sort_labels = SORT_LABELS
    default_sort = "relevance"
    fixed: dict = {}  # filters the page itself sets (its category, its province): not offered as facets
    hidden_facets: tuple = ()  # facets the page has no use for (a province page's region)

    def search_context(self, searching=False):
        """The page's result and what the template shows of it; ``form`` keeps what was asked.
        ``searching``: the page searches the text of ``q`` (the search page), else it browses."""
        form = self.form_class(self.request.GET)
        data = _clean(form)
        text = ""
        if searching:
            text = self.request.GET.get("q", "") if "q" in form.errors else (data.get("q") or "")
        for key in self.fixed:
            data.pop(key, None)
        filters = service.Filters(**{
            "category": data.get("category") or None, "province": data.get("province") or None,
            "region": data.get("region") or None, "min_stars": data.get("min_stars"),
            "standards": tuple(data.get("standard") or ()), "producer": data.get("producer"),
            "price_min": data.get("price_min"), "price_max": data.get("price_max"),
            "currency": getattr(getattr(self.request, "strategy", None), "currency", "THB"),  # the cards' currency
            **self.fixed,
        })
        sort = data.get("sort") or self.default_sort
        result = service.search(text, filters, sort=sort, page=data.get("page") or 1, per_page=PER_PAGE,
                                browse=not searching)
        if searching and result.page > result.pages and result.total:
            # past the last page of what was found: its first page, saying so (browsing pages answer
            # 404, as every listing does for a page that is not one)
            form.add_error("page", _("There is no such page of results."))
            result = service.search(text, filters, sort=sort, page=1, per_page=PER_PAGE)
        labels = self._labels(result, data)
        return dict(
            form=form, q=text, result=result, sort=sort, searched=bool(text or filters),
            sorts=[(k, v, self._url(sort=k, page=None)) for k, v in self.sort_labels.items()],
            facets=self._facets(result, data, labels), active_filters=self._active(data, labels),
            invalid=sorted(k for k in form.errors if k not in self.fixed),
            price_min=data.get("price_min"), price_max=data.get("price_max"), price_currency=filters.currency,
            previous_url=self._url(page=result.page - 1) if result.page > 1 else None,
            next_url=self._url(page=result.page + 1) if result.page < result.pages else None,
        )

    def _products(self, ids):
        if not ids:
            return []
        return card_list(ids)

    def _url(self, **changes) -> str:
        params = self.request.GET.copy()
        for key, value in changes.items():
            params.pop(key, None)
            if value not in (None, ""):
                params[key] = value
        return "?" + urlencode(sorted(params.lists()), doseq=True)

    def _toggle(self, key, value, data) -> tuple:
        """A facet value's link: adds the filter, or removes it when it is already on."""
        current = [str(v) for v in (data.get(key) or [])] if key == "standard" else [str(data.get(key) or "")]
        active = str(value) in current
        params = self.request.GET.copy()
        params.pop("page", None)
        if key == "standard":
            values = [v for v in params.getlist(key) if v != str(value)] + ([] if active else [str(value)])
            params.setlist(key, values)
        elif active:
            params.pop(key, None)
        else:
            params[key] = value
        return active, "?" + urlencode(sorted(params.lists()), doseq=True)

    def _labels(self, result, data) -> dict:
        """What shoppers read for facet and filter values, in their language."""
        wanted = set(result.facets.get("province", {})) | ({data["province"]} if data.get("province") else set())
        return {
            "category": dict(OtopCategory.choices), "region": dict(Region.choices),
            "standard": dict(StandardType.choices),
            "province": {p.iso_code: localized(p, "name") for p in Province.objects.filter(iso_code__in=wanted)},
        }

    def _facets(self, result, data, labels) -> list:
        groups = [
            ("category", _("Category"), result.facets.get("category", {})),
            ("min_stars", _("Star level"), result.facets.get("star_level", {})),
            ("region", _("Region"), result.facets.get("region", {})),
            ("province", _("Province"), result.facets.get("province", {})),
            ("standard", _("Standards"), result.facets.get("standards", {})),
        ]
        facets = []
        for key, title, counts in groups:
            if key in self.fixed or key in self.hidden_facets:
                continue
            entries = []
            for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
                active, url = self._toggle(key, value, data)
                label = labels[key].get(value, value) if key in labels else "★" * int(value)
                entries.append({"label": label, "count": count, "url": url, "active": active})
            if key == "min_stars":
                entries.sort(key=lambda e: -len(e["label"]))
            if entries:
                facets.append({"key": key, "title": title, "entries": entries})
        return facets

    def _active(self, data, labels) -> list:
        active = []
        for key in FILTER_PARAMS:
            value = data.get(key)
            if value in (None, "", []):
                continue
            names = labels.get(key, {})
            shown = [str(names.get(v, v)) for v in (value if isinstance(value, list) else [value])]
            if key == "min_stars":
                shown = ["★" * int(value) + "+"]
            active.append({"key": key, "value": ", ".join(shown), "remove_url": self._url(**{key: None, "page": None})})
        return active


class SearchView(ProductFacets, TemplateView):
    template_name = "otop/search.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        found = self.search_context(searching=True)
        result = found["result"]
        products = self._products(result.product_ids)
        # where, on this page, the products matching every word end and related ones begin
        split = max(0, min(len(products), result.matching_every_word - (result.page - 1) * result.per_page))
        if not result.exact:
            split = len(products)  # none match every word: the page says so once, above them all
        ctx.update(
            found, products=products[:split], related_products=products[split:],
            did_you_mean_url=self._url(q=result.did_you_mean, page=None) if result.did_you_mean else None,
        )
        return ctx
