from jamsessions.accounts.models import User


def user_create(*, email: str, password: str, name: str = "") -> User:
    """A new account (``jamsessions.actions.account_sign_up`` is signing up)."""
    return User.objects.create_user(email=email, password=password, name=name.strip())
