"""Whether an account's e-mail address is shown to be its holder's: the one home of that rule.

Registering proves nothing: anyone may type anyone's address, and unless the shop confirms accounts
by e-mail (``OTOP_ACCOUNT_CONFIRMATION``) the account is usable at once. An address is shown to be
the holder's when they open a link mailed to it: the account's confirmation (``accounts.confirmation``:
at registration when the shop requires it, or asked for later, ``sendConfirmationEmail`` or the
profile page's button), a password reset (``accounts.reset``), an e-mail change
(``accounts.email_change``), a producer's invitation (``producers.invitations``, whose ``joined``
signal this app answers: the producers' app sits below the orders').

What it decides: a guest order placed with an address is that account's only when the account's
address is confirmed (``guest_orders``), so that registering someone else's address does not bring
in their later orders (their address, phone and items); and Saleor's ``User.isConfirmed``. It lives
with the orders it decides on: the accounts' app, above this one, asks it.

Kept as the address itself, in the account's private metadata (which no client can write): an
address changed later without a link (by staff) is not confirmed by the proof of the old one.
"""
from marketplace.metadata import store as metadata

KEY = "emailConfirmed"


def _folded(email) -> str:
    return (email or "").strip().casefold()


def is_confirmed(user) -> bool:
    """Whether ``user``'s present address was shown to be theirs."""
    if user.pk is None or not _folded(user.email):  # (an account not saved: accountRegister's answer)
        return False
    return metadata.read(user, private=True).get(KEY) == _folded(user.email)


def shown(user) -> None:
    """``user`` opened a link mailed to their present address: it is theirs, and so are the orders
    placed with it as a guest (within the caller's transaction)."""
    from marketplace.orders import guest_orders  # (which asks this module)

    if not _folded(user.email):
        return
    if metadata.read(user, private=True).get(KEY) != _folded(user.email):
        metadata.update(user, [(KEY, _folded(user.email))], private=True)
    guest_orders.attach_to(user)


def joined_producer(sender, user, **kwargs):
    """``producers.invitations.joined``: the invitation's link went to ``user``'s address."""
    shown(user)
