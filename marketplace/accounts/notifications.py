"""Oscar's notifications on a shopper's account page (its ``Dispatcher.notify_user``), with the
subject held to its column: a subject rendered from a long product name, escaped, overflowed
``Notification.subject`` (255 characters), and the job sending it (the "back in stock" alerts)
failed on every retry with the alert left unsent."""
from oscar.core.loading import get_model

SUBJECT_LENGTH = get_model("communication", "Notification")._meta.get_field("subject").max_length


def subject_held_dispatcher(dispatcher_class):
    class Dispatcher(dispatcher_class):
        def notify_user(self, user, subject, **kwargs):
            return super().notify_user(user, subject[:SUBJECT_LENGTH], **kwargs)

    return Dispatcher
