"""Who a change is made by, for the audit log when there is no request to say so (a job, a shell,
a domain function told ``by=user``). Requests get their actor from auditlog's middleware."""
import contextlib

from django.apps import apps


def acting_as(user):
    """A context in which audit log entries name ``user`` (a no-op for None or without auditlog)."""
    if user is None or not apps.is_installed("auditlog"):
        return contextlib.nullcontext()
    from auditlog.context import set_actor

    return set_actor(user)
