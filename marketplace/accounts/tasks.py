"""The accounts' jobs: the e-mails with a link (password reset, deletion, e-mail change) of ``mail``."""
from marketplace.jobs import queue


@queue.job(queue="mail", retry=queue.NETWORK_RETRY)  # the mail server may be away for a while
def send_account_mail(*, user_id, subject, body, url, to=None):
    from marketplace.accounts import mail

    mail.send(user_id, subject, body, url, to)
