"""Oscar's messages to a shopper (its ``Dispatcher``), as a class replacement:

- the plain-text parts (subject, text body, SMS) are rendered without HTML escaping: Oscar renders
  them as it renders the HTML part, so a product named "ผ้าไหม & ฝ้าย" read "ผ้าไหม &amp; ฝ้าย" in
  the order confirmation's text, and a site or shopper's name with ``<`` read ``&lt;``. Text is not
  HTML: it is shown as typed (the HTML part stays escaped, as Oscar renders it);
- the subject of a notification on the account page is held to its column: a subject rendered from
  a long product name, escaped, overflowed ``Notification.subject`` (255 characters), and the job
  sending it (the "back in stock" alerts) failed on every retry with the alert left unsent."""
from django.conf import settings
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import get_template
from oscar.core.loading import get_model

from marketplace.core.mail import subject_line

CommunicationEventType = get_model("communication", "CommunicationEventType")
SUBJECT_LENGTH = get_model("communication", "Notification")._meta.get_field("subject").max_length
TEXT_PARTS = {"subject": "email_subject_template", "body": "email_body_template", "sms": "sms_template"}


def _text_template(event_type, field):
    """The template of one text part, where Oscar finds it: the event type's row, else the file."""
    source = getattr(event_type, field, None)
    if source is not None:
        return engines["django"].from_string(source).template
    try:
        return get_template(getattr(event_type, f"{field}_file") % event_type.code.lower()).template
    except TemplateDoesNotExist:
        return None


def text_parts(event_code, context) -> dict:
    """The subject, text body and SMS of ``event_code``, rendered with ``context`` as plain text."""
    event_type = (CommunicationEventType.objects.filter(code=event_code).first()
                  or CommunicationEventType(code=event_code))
    context = Context({**context, "static_base_url": getattr(settings, "OSCAR_STATIC_BASE_URL", None)},
                      autoescape=False)
    parts = {}
    for part, field in TEXT_PARTS.items():
        template = _text_template(event_type, field)
        parts[part] = template.render(context) if template is not None else ""
    parts["subject"] = subject_line(parts["subject"])
    return parts


def shopper_message_dispatcher(dispatcher_class):
    class Dispatcher(dispatcher_class):
        def get_messages(self, event_code, extra_context=None):
            messages = super().get_messages(event_code, extra_context)
            messages.update(text_parts(event_code, self.get_base_context(**(extra_context or {}))))
            return messages

        def notify_user(self, user, subject, **kwargs):
            return super().notify_user(user, subject[:SUBJECT_LENGTH], **kwargs)

    return Dispatcher
