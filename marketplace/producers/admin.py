from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy

from marketplace.producers import invitations
from marketplace.producers.models import Invitation, Producer


def _origin(request):
    return request.build_absolute_uri("/")


class InvitationsInline(admin.TabularInline):
    """The producer's invitations, read only; resend and revoke on the invitations' list."""

    model = Invitation
    verbose_name_plural = _("invitations sent")
    fields = readonly_fields = ("email", "state", "sent_at", "expires_at", "accepted_at", "manage")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=pgettext_lazy("invitation", "state"))
    def state(self, invitation):
        if invitation.pk is None:  # a row the list never offers, posted with a made-up form count
            return None
        return invitations.InvitationState(invitations.state(invitation)).label

    @admin.display(description=_("resend or revoke"))
    def manage(self, invitation):
        if invitation.pk is None:
            return None
        url = reverse("admin:producers_invitation_changelist") + f"?producer__id__exact={invitation.producer_id}"
        return format_html('<a href="{}">{}</a>', url, _("Resend or revoke"))


class InviteInline(admin.TabularInline):
    """Rows to invite new members: an e-mail each, sent by ``invitations.invite`` on save."""

    model = Invitation
    verbose_name = _("member to invite")
    verbose_name_plural = _("invite members by e-mail")
    fields = ("email",)
    extra = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name_th", "name_en", "producer_type", "province", "verified", "active")
    list_filter = ("producer_type", "verified", "active", "province__region")
    search_fields = ("name_th", "name_en", "district", "subdistrict")
    autocomplete_fields = ("province",)
    readonly_fields = ("name_key",)
    inlines = (InvitationsInline, InviteInline)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Invitation or "email" not in formset.form.base_fields:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            email = row.cleaned_data.get("email") if row.has_changed() else None
            if email:
                invitations.invite(form.instance, email, request.user, _origin(request))
                messages.success(request, _("Invitation e-mail to %(email)s is on its way.") % {"email": email})
        return None


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "producer", "state", "sent_at", "expires_at", "accepted_at", "invited_by")
    list_filter = ("revoked_at", "accepted_at")
    search_fields = ("email", "producer__name_th", "producer__name_en")
    list_select_related = ("producer", "invited_by")
    actions = ("resend", "revoke")
    readonly_fields = ("producer", "email", "invited_by", "created", "sent_at", "expires_at", "accepted_at",
                       "accepted_by", "revoked_at")

    def has_add_permission(self, request):
        return False  # invitations are made on the producer's page, where the e-mail is sent

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who was invited stays

    @admin.display(description=pgettext_lazy("invitation", "state"))
    def state(self, invitation):
        return invitations.InvitationState(invitations.state(invitation)).label

    @admin.action(description=_("Resend the invitation (a new link; the old one stops working)"))
    def resend(self, request, queryset):
        sent = 0
        for invitation in queryset:
            try:
                invitations.resend(invitation, _origin(request))
                sent += 1
            except invitations.InvitationRefused:
                messages.warning(request, _("%(email)s: already accepted or revoked, not resent.")
                                 % {"email": invitation.email})
        if sent:
            messages.success(request, ngettext("%(count)d invitation resent.", "%(count)d invitations resent.",
                                               sent) % {"count": sent})

    @admin.action(description=_("Revoke the invitation (its link stops working)"))
    def revoke(self, request, queryset):
        for invitation in queryset:
            invitations.revoke(invitation)
        messages.success(request, _("Invitations revoked."))
