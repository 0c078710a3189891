"""The quotes' jobs: the nightly follow-up (``follow_up``) at 00:10 Thai time and the e-mail notices
(``notices``)."""
from marketplace.jobs import queue


@queue.daily(0, 10)
def quotes_follow_up(*, timestamp):
    from marketplace.quotes import follow_up

    follow_up.expire_due(queue.bangkok_day(timestamp))
    follow_up.flag_unanswered()


@queue.job(queue="mail", retry=queue.NETWORK_RETRY)  # the mail server may be away for a while
def send_quote_notice(*, kind, request_id, producer_id, user_id=None, email=None, to_producer=False):
    from marketplace.quotes import notices

    notices.send(kind=kind, request_id=request_id, producer_id=producer_id, user_id=user_id, email=email,
                 to_producer=to_producer)


@queue.job(queue="mail", retry=queue.NETWORK_RETRY)
def send_office_flags(*, request_ids):
    from marketplace.quotes import follow_up

    follow_up.send_office_flags(request_ids)
