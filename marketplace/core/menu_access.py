"""Who sees the dashboard menu entries that lead to Django admin screens: active staff.

Oscar's own access check only knows dashboard URLs; the admin checks permissions itself. Imported
by the settings (through the apps' menu modules), so it must not import models.
"""


def staff_only(user, url_name, url_args=None, url_kwargs=None):
    return user.is_active and user.is_staff
