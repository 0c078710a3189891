"""The demo's programme officer (``manage.py load_demo_accounts``, DEBUG only): the staff user it
is given gets a ``ProgrammeOfficer`` row for every province that has a producer in the demo catalog."""
from marketplace.officers.models import ProgrammeOfficer
from marketplace.provinces.models import Province


def act_as_demo_officer(user):
    """Make ``user`` the officer of the demo producers' provinces; a few words to print, or None
    when the catalog has no producer yet."""
    provinces = list(Province.objects.filter(producers__isnull=False).distinct().order_by("name_en"))
    if not provinces:
        return None
    officer, _created = ProgrammeOfficer.objects.update_or_create(user=user, defaults={"active": True})
    officer.provinces.set(provinces)
    return f"programme officer of {', '.join(p.name_en for p in provinces)}: /officer/"
