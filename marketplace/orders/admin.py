from django.contrib import admin

from marketplace.core.admin_rows import WrittenByTheShopAdmin

from .models import PendingEmail


@admin.register(PendingEmail)
class PendingEmailAdmin(WrittenByTheShopAdmin):
    """Order e-mails the mailer has not taken yet (each sent by a job, retried with backoff)."""

    list_display = ("order", "kind", "partner", "attempts", "created", "sent_at", "last_error")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("order__number",)
    readonly_fields = [f.name for f in PendingEmail._meta.fields]
