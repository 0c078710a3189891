"""The quotes' pages: the trade buyer's profile, the quote list (draft), requests and their quotes
side by side, the producer's inbox in the portal, the staff overview. Who sees what: ``access``;
what happens: ``quoting`` and ``states``."""
import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.db.models import Count, Min
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import generic

from marketplace.catalog import listing
from marketplace.core.form_values import row_id
from marketplace.core.redirects import back_to, local_path
from marketplace.portal.access import ProducerPortalMixin
from marketplace.payments import gateway, intents
from marketplace.quote_orders import deposits
from marketplace.quote_orders.models import QuoteOrder
from marketplace.producers.models import Producer

from . import acceptance, access, export_facts, quote_list, quoting, states
from .acceptance_errors import AcceptanceError
from .errors import QuoteError, QuoteErrorCode
from .forms import LineForm, MessageForm, QuoteForm, RequestForm, TradeBuyerForm
from .models import Attachment, Quote, QuoteRequest, State, TradeBuyer


class BuyerProfileView(LoginRequiredMixin, generic.UpdateView):
    """Sign-up as a trade buyer (a profile on the signed-in account) and its later changes."""

    form_class = TradeBuyerForm
    template_name = "quotes/buyer_profile.html"

    def get_object(self, queryset=None):
        return TradeBuyer.objects.filter(user=self.request.user).first()

    def form_valid(self, form):
        form.instance.user = self.request.user
        form.save()
        messages.success(self.request, _("Your trade-buyer profile is saved."))
        return back_to(self.request, self.request.GET.get("next"), reverse("quotes:requests"))


class BuyerRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.is_trade_buyer(request.user):
            messages.info(request, _("Tell us about your company first: quotes are for trade buyers."))
            return redirect(reverse("quotes:buyer-profile") + "?" + urlencode({"next": request.get_full_path()}))
        return super().dispatch(request, *args, **kwargs)


def _add(request, product):
    try:
        quote_list.add(request, product)
    except QuoteError as refused:
        messages.error(request, refused.message)


class DraftAddView(generic.View):
    """"Request a quote" on a product page: the product joins the buyer's quote list (``quote_list``)."""

    def post(self, request):
        try:
            product = listing.visible_to(request.user).get(pk=int(request.POST.get("product", "")))
        except (ValueError, listing.visible_to(request.user).model.DoesNotExist):
            raise Http404(_("There is no such product."))
        _add(request, product)
        return redirect("quotes:request-new")


class DraftRemoveView(generic.View):
    def post(self, request, pk):
        quote_list.remove(request, pk)
        return redirect("quotes:request-new")


class RequestCreateView(BuyerRequiredMixin, generic.TemplateView):
    """A request from the quote list: several products of one or more producers, each with its
    quantity, unit and target price, and the terms common to all."""

    template_name = "quotes/request_new.html"

    def products(self):
        ids = quote_list.product_ids(self.request)
        found = {product.pk: product for product in listing.visible_to(self.request.user).filter(pk__in=ids)
                 .select_related("profile__producer__province", "packaging")}
        return [found[pk] for pk in ids if pk in found]

    def rows(self, data=None):
        return [(product, LineForm(data, prefix=f"line-{product.pk}", initial={"quantity": 1, "unit": "pieces"}))
                for product in self.products()]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RequestForm(initial={"destination_country": self.request.user.trade_buyer.country}))
        kwargs.setdefault("rows", self.rows())
        return super().get_context_data(**kwargs)

    def post(self, request):
        if "add_code" in request.POST:
            return self.add_by_code(request)
        form, rows = RequestForm(request.POST, request.FILES), self.rows(request.POST)
        if not rows:
            messages.error(request, _("Add at least one product to the request."))
        elif form.is_valid() and all(line_form.is_valid() for _product, line_form in rows):
            data = form.cleaned_data
            lines = [quoting.LineInput(product, line_form.cleaned_data["quantity"], line_form.cleaned_data["unit"],
                                       line_form.cleaned_data["target_unit_price"]) for product, line_form in rows]
            try:
                quote_request = quoting.create_request(
                    request.user, lines, destination_country=data["destination_country"],
                    destination_place=data["destination_place"], incoterm=data["incoterm"],
                    wanted_by=data["wanted_by"], sample_requested=data["sample_requested"],
                    certifications_required=data["certifications_required"],
                    certifications_other=data["certifications_other"], message=data["message"],
                    target_currency=data["target_currency"],
                    attachments=[data["attachment"]] if data.get("attachment") else [])
            except QuoteError as refused:
                form.add_error(refused.field if refused.field in form.fields else None, refused.message)
            else:
                quote_list.clear(request)
                messages.success(request, _("Your request %(reference)s is sent to the producers.")
                                 % {"reference": quote_request.reference})
                return redirect("quotes:request", pk=quote_request.pk)
        return self.render_to_response(self.get_context_data(form=form, rows=rows))

    def add_by_code(self, request):
        code = request.POST.get("programme_code", "").strip()
        product = listing.visible_to(request.user).filter(profile__programme_code__iexact=code).first()
        if product is None:
            messages.error(request, _("No product has the programme code “%(code)s”.") % {"code": code})
        else:
            _add(request, product)
        return redirect("quotes:request-new")


class RequestListView(BuyerRequiredMixin, generic.ListView):
    template_name = "quotes/request_list.html"
    context_object_name = "quote_requests"
    paginate_by = 30

    def get_queryset(self):
        return (QuoteRequest.objects.filter(buyer=self.request.user)
                .annotate(line_count=Count("lines", distinct=True), quote_count=Count("quotes", distinct=True))
                .order_by("-created"))


def _quote_columns(user, quote_request, lines):
    """Each visible quote with its current version, its price per line and the landed-cost hint."""
    columns = []
    orders = {link.quote_id: link.order for link in QuoteOrder.objects.filter(
        quote__in=access.quotes_for(user, quote_request)).select_related("order")}
    for quote in access.quotes_for(user, quote_request).prefetch_related("current_version__prices"):
        version = quote.current_version
        prices = {price.line_id: price.unit_price for price in version.prices.all()} if version else {}
        own = [line for line in lines if line.producer_id == quote.producer_id]
        columns.append({"quote": quote, "version": version, "prices": prices,
                        "hint": quoting.landed_cost_hint(version, own) if version else None,
                        "contact": access.may_see_contact(user, quote.producer),
                        "order": orders.get(quote.pk)})
    return columns


class RequestDetailView(LoginRequiredMixin, generic.TemplateView):
    """A request: its lines with export facts, the quotes side by side, the threads."""

    template_name = "quotes/request_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        quote_request = access.request_for(user, self.kwargs["pk"],
                                           QuoteRequest.objects.select_related("buyer__trade_buyer"))
        lines = list(access.lines_for(user, quote_request))
        for line in lines:
            line.facts = export_facts.for_line(line)
        producers = {line.producer for line in lines}
        threads = [{"producer": producer,
                    "messages": list(access.messages_for(user, quote_request, producer)),
                    "may_write": access.may_write(user, quote_request, producer)}
                   for producer in sorted(producers, key=lambda p: p.pk)]
        return super().get_context_data(
            quote_request=quote_request, lines=lines, columns=_quote_columns(user, quote_request, lines),
            threads=threads, is_buyer=access.is_buyer_of(user, quote_request), message_form=MessageForm(),
            quote_office=access.is_quote_office(user),
            attachments=quote_request.attachments.all(), today=states.today(),
            transitions=quote_request.transitions.select_related("by", "quote__producer"), **kwargs)


class _Action(LoginRequiredMixin, generic.View):
    """A POST that changes a state, then back to the request's page with what happened."""

    def post(self, request, pk):
        try:
            target = self.act(request, pk)
        except QuoteError as refused:
            messages.error(request, refused.message)
            target = self.back
        return back_to(request, target)


class WithdrawView(_Action):
    def act(self, request, pk):
        quote_request = access.request_for(request.user, pk)
        self.back = reverse("quotes:request", kwargs={"pk": pk})
        if not access.is_buyer_of(request.user, quote_request):
            raise Http404
        states.withdraw(quote_request, request.user)
        messages.success(request, _("Your request is withdrawn."))
        return self.back


class DeclineView(_Action):
    def act(self, request, pk):
        quote = get_object_or_404(Quote.objects.filter(request__in=access.requests_for(request.user)), pk=pk)
        self.back = reverse("quotes:request", kwargs={"pk": quote.request_id})
        if not access.is_buyer_of(request.user, quote.request):
            raise Http404
        states.decline(quote, request.user)
        messages.success(request, _("The quote is declined; the producer may send a new one."))
        return self.back


class AcceptView(_Action):
    """The buyer accepts a quote: ``acceptance.accept`` (part quoteorder) makes its order once."""

    def act(self, request, pk):
        quote = get_object_or_404(Quote.objects.filter(request__in=access.requests_for(request.user)), pk=pk)
        self.back = reverse("quotes:request", kwargs={"pk": quote.request_id})
        try:
            link = acceptance.accept(quote, request.user)
        except AcceptanceError as refused:
            raise QuoteError(QuoteErrorCode.INVALID_STATE, refused.message) from refused
        messages.success(request, _("Quote accepted: order %(number)s. The pro-forma invoice is ready.")
                         % {"number": link.order.number})
        return self.back


class MessageView(_Action):
    def act(self, request, pk):
        quote_request = access.request_for(request.user, pk)
        producer = get_object_or_404(Producer, pk=row_id(request.POST.get("producer")) or 0)  # may_write decides
        self.back = local_path(request, request.POST.get("back"), reverse("quotes:request", kwargs={"pk": pk}))
        form = MessageForm(request.POST)
        if not form.is_valid():
            raise QuoteError(QuoteErrorCode.REQUIRED, _("Write a message first."), "body")
        quoting.send_message(quote_request, producer, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your message is sent."))
        return self.back


class HideMessageView(UserPassesTestMixin, _Action):
    def test_func(self):
        return access.is_quote_office(self.request.user)

    def act(self, request, pk):
        from .models import Message

        message = get_object_or_404(Message, pk=pk)
        quoting.hide_message(message, request.user, hidden=request.POST.get("hidden", "1") == "1")
        self.back = reverse("quotes:request", kwargs={"pk": message.request_id})
        return self.back


def attachment_view(request, pk):
    """An attachment, to those who may see its request."""
    attachment = get_object_or_404(Attachment.objects.filter(request__in=access.requests_for(request.user)), pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


class StaffOverviewView(UserPassesTestMixin, generic.ListView):
    """Every request by state and age, the unanswered flagged to the office first."""

    template_name = "quotes/staff_overview.html"
    context_object_name = "quote_requests"
    paginate_by = 50

    def test_func(self):
        return access.is_quote_office(self.request.user)

    def get_queryset(self):
        queryset = (QuoteRequest.objects.select_related("buyer__trade_buyer")
                    .annotate(line_count=Count("lines", distinct=True), quote_count=Count("quotes", distinct=True),
                              producer_count=Count("lines__producer", distinct=True))
                    .order_by("flagged_to_office_at", "created"))
        state = self.request.GET.get("state")
        if state in State.values:
            queryset = queryset.filter(state=state)
        return queryset

    def get_context_data(self, **kwargs):
        counts = dict(QuoteRequest.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
        return super().get_context_data(
            states=[(value, label, counts.get(value, 0)) for value, label in State.choices],
            chosen=self.request.GET.get("state", ""), now=timezone.now(), **kwargs)


# --- the producer portal ----------------------------------------------------------------------
class InboxView(ProducerPortalMixin, generic.ListView):
    """``/producer/<slug>/quotes/``: the requests that include this producer's products."""

    template_name = "quotes/portal_inbox.html"
    context_object_name = "quote_requests"
    paginate_by = 30

    def get_queryset(self):
        return (access.requests_for_producer(self.producer)
                .select_related("buyer__trade_buyer")
                .annotate(first_line=Min("lines__pk"))
                .order_by("-created"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(portal_section="quotes", **kwargs)
        page = list(context["quote_requests"])
        own = dict(Quote.objects.filter(producer=self.producer, request__in=page).values_list("request_id", "state"))
        for quote_request in page:
            state = own.get(quote_request.pk)
            quote_request.own_quote_state = State(state) if state else None  # its label in the page's language
        context["quote_requests"] = page
        return context


class AnswerView(ProducerPortalMixin, generic.TemplateView):
    """``/producer/<slug>/quotes/<pk>/``: the producer's own lines with their export facts, its quote
    (a new version on each save) and its thread with the buyer."""

    template_name = "quotes/portal_answer.html"

    def setup_request(self):
        found = access.requests_for_producer(self.producer).select_related("buyer__trade_buyer") \
            .filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404(_("No quote request of yours has this number."))
        self.quote_request = found
        self.lines = list(access.lines_for(self.request.user, found, self.producer))
        for line in self.lines:
            line.facts = export_facts.for_line(line)
        self.quote = Quote.objects.filter(request=found, producer=self.producer).select_related(
            "current_version").first()

    def initial(self):
        version = self.quote.current_version if self.quote else None
        if version is not None:
            return {name: getattr(version, name) for name in QuoteForm.Meta.fields}
        terms = [getattr(line.product, "trade_terms", None) for line in self.lines]
        lead = max((t.lead_time_days for t in terms if t and t.lead_time_days), default=None)
        return {"currency": self.quote_request.target_currency, "incoterm": self.quote_request.incoterm,
                "lead_time_days": lead, "valid_until": states.today() + datetime.timedelta(days=30),
                "deposit_percent": 30, "named_place": ""}

    def prices(self):
        version = self.quote.current_version if self.quote else None
        return {price.line_id: price.unit_price for price in version.prices.all()} if version else {}

    def get(self, request, *args, **kwargs):
        self.setup_request()
        return self.render_to_response(self.get_context_data(form=QuoteForm(initial=self.initial())))

    def post(self, request, *args, **kwargs):
        self.setup_request()
        form = QuoteForm(request.POST)
        prices, posted, bad = {}, {}, False
        for line in self.lines:
            raw = request.POST.get(f"price-{line.pk}", "").strip()
            posted[line.pk] = raw  # shown again as typed: a refused "NaN" cannot be formatted as a number
            try:
                prices[line.pk] = Decimal(raw) if raw else None
            except InvalidOperation:
                bad = True
                form.add_error(None, _("“%(value)s” is not a price.") % {"value": raw})
        if form.is_valid() and not bad:
            terms = quoting.Terms(**{name: form.cleaned_data[name] for name in QuoteForm.Meta.fields})
            try:
                quoting.answer(self.quote_request, self.producer, request.user, prices, terms)
            except QuoteError as refused:
                form.add_error(refused.field if refused.field in form.fields else None, refused.message)
            else:
                messages.success(request, _("Your quote is sent to the buyer."))
                return redirect("quotes:producer-request", producer_slug=self.producer.slug, pk=self.quote_request.pk)
        return self.render_to_response(self.get_context_data(form=form, posted_prices=posted))

    def get_context_data(self, **kwargs):
        prices = kwargs.pop("posted_prices", None) or self.prices()
        for line in self.lines:
            line.price = prices.get(line.pk)
        versions = list(self.quote.versions.prefetch_related("prices").order_by("-number")) if self.quote else []
        return super().get_context_data(
            portal_section="quotes", quote_request=self.quote_request, lines=self.lines, quote=self.quote,
            versions=versions, message_form=MessageForm(),
            thread=access.messages_for(self.request.user, self.quote_request, self.producer),
            buyer=getattr(self.quote_request.buyer, "trade_buyer", None), **kwargs)


class DepositView(LoginRequiredMixin, generic.TemplateView):
    """The buyer pays an accepted quote's deposit (``BalanceView``: then its balance) by card
    (Stripe.js makes the card a payment method id; the shop confirms the intent with it, as the
    checkout does). It counts as paid once Stripe's signed webhook says so
    (``quote_orders.deposits``), never on the page's word."""

    template_name = "quotes/deposit.html"
    stage = deposits.DEPOSIT

    def link(self):
        link = get_object_or_404(QuoteOrder.objects.select_related("order", "quote__request", "deposit_payment"),
                                 order__number=self.kwargs["number"])
        if not access.is_buyer_of(self.request.user, link.quote.request):
            raise Http404
        return link

    def get_context_data(self, **kwargs):
        link = self.link()
        context = super().get_context_data(link=link, stage=self.stage, amount=deposits.amount_due(link, self.stage),
                                           **kwargs)
        refused = deposits.card_refusal(link, self.stage)
        if refused is None:
            try:
                context["payment"] = deposits.start_card(link, self.stage)
            except deposits.DepositError as unavailable:
                context["payment_error"] = unavailable.message
        elif self.stage == deposits.BALANCE and link.balance_paid_at is None:
            context["payment_error"] = refused.message  # the deposit first
        context.update(due=refused is None, stripe_publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
                       stripe_js_url=settings.STRIPE_JS_URL, payment_test_mode=gateway.in_test_mode())
        return context

    def post(self, request, number):
        """JSON for the page's script: the card (a payment method id) confirmed on the stage's intent
        (a new intent after a declined card: ``start_card_*`` replaces a spent one)."""
        link = self.link()
        try:
            payment = deposits.start_card(link, self.stage)
            intent = intents.pay_with(payment, request.POST.get("payment_method", ""),
                                      amount=deposits.amount_due(link, self.stage), currency=link.currency)
        except (deposits.DepositError, intents.PaymentError) as refused:
            return JsonResponse({"error": refused.message}, status=402)
        return JsonResponse({"status": intent.status, "client_secret": payment.client_secret})


class BalanceView(DepositView):
    """The buyer pays an accepted quote's balance by card once the deposit is paid: the order is then
    paid and its producer ships, as when staff record a bank transfer."""

    stage = deposits.BALANCE
