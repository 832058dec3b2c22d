"""The signed links that stand for a guest (their personal page) or a Jam (its calendar feed).

A link carries a random key, signed; replacing the key (``guest_link_revoke``) ends every
earlier link. The calendar feed's link works the same way for the team.
"""

from __future__ import annotations

import uuid

from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from jamsessions.http import site_url
from planning.models import Guest, Jam

_link_signer = signing.Signer(salt="jamsessions.guest-link", sep=".")


_feed_signer = signing.Signer(salt="jamsessions.calendar-feed", sep=".")


TOKEN_MAX_LENGTH = 120


def guest_link_token(guest: Guest) -> str:
    """The token of the guest's personal link: their key, signed."""
    return _link_signer.sign(guest.link_key.hex)


def calendar_feed_token(jam: Jam) -> str:
    """The token of the Jam's subscribable calendar feed."""
    return _feed_signer.sign(jam.calendar_key.hex)


def calendar_feed_url(jam: Jam) -> str:
    """The full address of the Jam's subscribable calendar, for the team's pages."""
    return site_url(reverse("calendar:feed", kwargs={"token": calendar_feed_token(jam)}))


def _key_from_token(signer: signing.Signer, token: str) -> uuid.UUID | None:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        return uuid.UUID(hex=signer.unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def guest_get_by_token(*, token: str) -> Guest:
    """The guest a personal link stands for, with their Jam; 404 for anything else."""
    key = _key_from_token(_link_signer, token)
    if key is None:
        raise Guest.DoesNotExist
    return Guest.objects.select_related("jam", "jam__host").get(
        link_key=key, erased_at__isnull=True
    )


def jam_get_by_feed_token(*, token: str) -> Jam:
    """The Jam a calendar feed link stands for; 404 for anything else."""
    key = _key_from_token(_feed_signer, token)
    if key is None:
        raise Http404
    return get_object_or_404(Jam.objects.select_related("host"), calendar_key=key)
