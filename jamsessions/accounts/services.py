import datetime as dt

from django.conf import settings

from jamsessions.accounts.models import User, email_normalise


def user_create(*, email: str, password_hash: str, name: str = "", email_confirmed: bool) -> User:
    """A new account (``jamsessions.actions.account_sign_up`` is signing up).

    The password comes hashed: signing up hashes it before it knows whether the address is
    free, so that both answers take the same time.
    """
    user = User(
        email=email_normalise(email),
        name=name.strip(),
        password=password_hash,
        email_confirmed=email_confirmed,
    )
    user.save()
    return user


def user_email_confirm(user: User) -> bool:
    """The account's owner proved the address (a sign-up or sign-in link, a password reset).

    Returns whether it was waiting for that.
    """
    if user.email_confirmed:
        return False
    user.email_confirmed = True
    user.save(update_fields=["email_confirmed"])
    return True


def accounts_unconfirmed_erase(*, now: dt.datetime) -> int:
    """Forget accounts made by signing up whose address nobody confirmed within
    ``UNCONFIRMED_ACCOUNTS_KEPT_DAYS``: the address is kept no longer than it might still be
    confirmed. Returns how many went."""
    cutoff = now - dt.timedelta(days=settings.UNCONFIRMED_ACCOUNTS_KEPT_DAYS)
    waiting = User.objects.filter(email_confirmed=False, date_joined__lt=cutoff)
    return waiting.filter(last_login__isnull=True, hosted_jams__isnull=True).delete()[0]


def heal_receiver(sender, *, now: dt.datetime, **kwargs) -> int:
    """What the worker's heal asks of accounts (``jamsessions.worker.heal``)."""
    accounts_unconfirmed_erase(now=now)
    return 0  # it sends nothing
