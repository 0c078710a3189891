"""The invitation link's page: set a password (a new account) or join with the signed-in account
whose e-mail was invited; a used, expired, revoked or unknown link says so. The rule is in
``invitations``."""
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views import View

from marketplace.producers import invitations
from marketplace.producers.invitations import InvitationRefused

REFUSALS = {  # state: (HTTP status, what the page says)
    invitations.InvitationState.ACCEPTED: (410, gettext_lazy(
        "This invitation link has already been used. Sign in with the account that accepted it.")),
    invitations.InvitationState.EXPIRED: (410, gettext_lazy(
        "This invitation link has expired. Ask the OTOP programme staff to send it again.")),
    invitations.InvitationState.REVOKED: (410, gettext_lazy(
        "This invitation was withdrawn by the OTOP programme staff. Ask them if you should act for this producer.")),
    "unknown": (404, gettext_lazy(
        "This invitation link is not valid: it was replaced by a newer e-mail, or it was not copied whole. "
        "Use the link of the latest invitation e-mail.")),
}


class PasswordForm(forms.Form):
    password1 = forms.CharField(label=gettext_lazy("Choose a password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=gettext_lazy("The same password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, invitation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                invitations.check_password(self.invitation, first)
            except ValidationError as refusal:
                self.add_error("password1", refusal)
        return data


class InvitationView(View):
    template_name = "producers/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = invitations.usable(kwargs["token"])
        except InvitationRefused as refused:
            status, reason = REFUSALS.get(refused.state, REFUSALS["unknown"])
            return render(request, self.template_name, {"refusal": reason}, status=status)
        return super().dispatch(request, *args, **kwargs)

    def _page(self, request, **context):
        user = request.user
        if user.is_authenticated:
            context["mode"] = "join" if (user.email or "").lower() == self.invitation.email else "other_account"
        elif invitations.existing_user(self.invitation) is not None:
            context["mode"] = "sign_in"
            context["login_url"] = f"{reverse('customer:login')}?next={request.path}"
        else:
            context["mode"] = "password"
            context.setdefault("form", PasswordForm(self.invitation))
        return render(request, self.template_name, {"invitation": self.invitation,
                                                    "invited_producer": self.invitation.producer, **context})

    def get(self, request, *args, **kwargs):
        return self._page(request)

    def post(self, request, *args, **kwargs):
        token = kwargs["token"]
        try:
            if request.user.is_authenticated:
                producer = invitations.join(token, request.user)
            else:
                form = PasswordForm(self.invitation, request.POST)
                if not form.is_valid():
                    return self._page(request, form=form)
                user, producer = invitations.accept(token, form.cleaned_data["password1"])
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except InvitationRefused:
            return self._page(request)  # the page says what to do instead (sign in, or another account)
        messages.success(request, _("You now act for %(producer)s.") % {"producer": producer.name})
        return redirect("portal:chooser")
