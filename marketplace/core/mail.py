"""Mail the shop writes itself (quote notices, invitations, producers' order notices).

A subject is a header: Django refuses one with a line break (``BadHeaderError``), and a job sending
such a mail fails on every retry. Subjects name what people typed (a trade buyer's company, a
producer's name), where a line break can hide (pasted text, a form posted by a script), so every
subject goes through ``subject_line``. Oscar's messages get the same in its dispatcher's replacement
(``accounts/notifications.py``)."""


def subject_line(text) -> str:
    """``text`` as one line: every run of white space (line breaks, tabs) one space."""
    return " ".join(str(text).split())
