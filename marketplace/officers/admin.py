from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.officers.models import ProgrammeOfficer


@admin.register(ProgrammeOfficer)
class ProgrammeOfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "active", "province_names"]
    list_filter = ["active", "provinces"]
    search_fields = ["user__username", "user__email"]
    filter_horizontal = ["provinces"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("provinces")

    @admin.display(description=_("provinces"))
    def province_names(self, officer):
        return ", ".join(province.name_en for province in officer.provinces.all())
