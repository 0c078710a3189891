"""Who may act as a programme officer, and on what: the rule of the officers' role.

An officer acts for the provinces of their active ``ProgrammeOfficer`` row; a superuser acts
for every province. An officer may moderate a product when the product's producer is in one
of those provinces. Pages, the API and the moderation queue all ask here.
"""
from django.contrib.auth.mixins import AccessMixin

from marketplace.provinces.models import Province


def provinces_of(user):
    """The provinces ``user`` acts for as a programme officer (a queryset, empty for anyone else)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Province.objects.none()
    if user.is_superuser:
        return Province.objects.all()
    return Province.objects.filter(programme_officers__user=user, programme_officers__active=True)


def province_ids_of(user) -> frozenset | None:
    """The ids of ``user``'s provinces, or None for a superuser (every province, present and future):
    for code that limits by a set of ids rather than by a queryset."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    return frozenset(provinces_of(user).values_list("pk", flat=True))


def is_officer(user):
    """Whether ``user`` holds the role: a superuser, or a staff user with an active officer row."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and provinces_of(user).exists()


def may_moderate(user, product):
    """Whether ``user`` may approve or reject changes to ``product`` (a catalogue product)."""
    if not is_officer(user):
        return False
    if user.is_superuser:
        return True
    from marketplace.catalog.models import ProductProfile

    province_id = (ProductProfile.objects.filter(product_id=product.pk)
                   .values_list("producer__province_id", flat=True).first())
    return province_id is not None and provinces_of(user).filter(pk=province_id).exists()


class OfficerRequiredMixin(AccessMixin):
    """For views: sign-in required, then the officer role (403 for a signed-in non-officer).

    Sets ``self.provinces`` to the officer's provinces, for the view to limit every query by.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_officer(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        self.provinces = provinces_of(request.user)
        return super().dispatch(request, *args, **kwargs)


officer_required = OfficerRequiredMixin
