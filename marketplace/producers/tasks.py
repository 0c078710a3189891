"""The producers' jobs: the invitation e-mail of ``invitations``."""
from marketplace.jobs import queue


@queue.job(queue="mail", retry=queue.NETWORK_RETRY)  # the mail server may be away for a while
def send_invitation(*, invitation_id, generation, origin):
    from marketplace.producers import invitations

    invitations.send(invitation_id, generation, origin)
