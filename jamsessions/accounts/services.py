from django.db import transaction

from reporting.programmes import programme_hosts_link_account

from .models import User


def user_create(*, email: str, password: str, name: str = "") -> User:
    """A new account; a programme that already lists this address as a host now knows it."""
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, name=name.strip())
        programme_hosts_link_account(user)
    return user
