"""The demo's programme officer: a staff user with a ``ProgrammeOfficer`` row for every province
that has a producer in the demo catalog. For ``make run`` only: its password is public."""
from django.contrib.auth import get_user_model
from django.db import transaction

from marketplace.officers.models import ProgrammeOfficer
from marketplace.provinces.models import Province

DEMO_OFFICER = {"username": "demo-officer", "email": "officer@demo.otop.example", "password": "otop-officer-demo"}


def ensure_demo_officer():
    """Create or refresh the demo officer; returns ``(e-mail, password, provinces)`` to print."""
    with transaction.atomic():
        user, _created = get_user_model().objects.get_or_create(
            username=DEMO_OFFICER["username"],
            defaults={"email": DEMO_OFFICER["email"], "first_name": "เจ้าหน้าที่", "last_name": "โครงการ"})
        user.is_staff, user.is_active = True, True
        user.set_password(DEMO_OFFICER["password"])
        user.save()
        officer, _created = ProgrammeOfficer.objects.get_or_create(user=user)
        officer.active = True
        officer.save()
        provinces = list(Province.objects.filter(producers__isnull=False).distinct().order_by("name_en"))
        officer.provinces.set(provinces)
    return user.email, DEMO_OFFICER["password"], provinces
