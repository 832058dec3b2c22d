"""The guests of a Jam, their answer for each session, and the record of every email sent to them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineCharField
from planning.enums import (
    AgeRange,
    GenderIdentity,
    MessageKind,
    MessageStatus,
    Movement,
    RsvpAnswer,
)
from planning.jams.models import Jam, Session


class Guest(models.Model):
    """A participant invited to a Jam: no account, only a personal link (``link_key``).

    The link's token is made from ``link_key`` and signed with the site's secret
    (see ``planning.guests.guest_link_token``); giving the guest a new
    ``link_key`` makes every earlier link stop working. Profile fields are
    given by the guest, with consent, and only ever shown as counts. Erasing
    a guest blanks every personal field and keeps the row for anonymous counts.
    """

    NAME_MAX_LENGTH = 120
    NEEDS_MAX_LENGTH = 2000

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="guests")
    name = SingleLineCharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    link_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    needs = models.TextField(_("what I need to take part"), max_length=NEEDS_MAX_LENGTH, blank=True)
    needs_anonymous = models.BooleanField(
        _("show my needs to the organising team without my name"), default=False
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    gender = models.CharField(
        _("gender"), max_length=20, choices=GenderIdentity.choices, blank=True
    )
    age_range = models.CharField(_("age"), max_length=10, choices=AgeRange.choices, blank=True)
    movement = models.CharField(_("movement"), max_length=20, choices=Movement.choices, blank=True)
    profile_consented_at = models.DateTimeField(null=True, blank=True)
    timezone = models.CharField(_("my time zone"), max_length=64, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["jam", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jam", "email"],
                condition=~models.Q(email=""),
                name="guest_email_once_per_jam",
            ),
        ]

    def __str__(self):
        return self.name or self.email or str(_("Erased guest"))

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def has_profile(self) -> bool:
        return self.profile_consented_at is not None


class Rsvp(models.Model):
    """A guest's answer for one session; no row means no answer yet (“invited”)."""

    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="rsvps")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="rsvps")
    answer = models.CharField(_("answer"), max_length=10, choices=RsvpAnswer.choices)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["guest", "session"], name="rsvp_once_per_session"),
        ]

    def __str__(self):
        return f"{self.guest} · {self.session_id}: {self.answer}"


class Announcement(models.Model):
    """A message the host sends to every guest who said yes."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="announcements")
    subject = SingleLineCharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message to guests")
        verbose_name_plural = _("messages to guests")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class GuestMessage(models.Model):
    """One email to one guest, recorded before it is sent, so it is sent once and never lost.

    ``key`` names what the message is about (for example the session and the
    start time a reminder is for); a guest gets each key once. The email itself
    is built when it is sent, from what is stored then, so no link or personal
    detail waits in the task queue. ``payload`` keeps the calendar facts of a
    cancelled session, which is gone by the time its notice is sent.

    ``status`` goes queued → sending (committed, with ``sending_at``, before the
    mail service is called) → sent, or back to queued for a retry, or failed. A
    row left “sending” may have gone out: it is never sent again on its own.
    """

    MAX_ATTEMPTS = 5

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="guest_messages")
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    key = models.CharField(max_length=160)
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guest_messages",
    )
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sending_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("email to a guest")
        verbose_name_plural = _("emails to guests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["guest", "key"], name="guest_message_once"),
        ]
        indexes = [
            models.Index(fields=["jam", "kind", "status"], name="guest_message_summary"),
            # Finds, among millions sent, the few left waiting or half-sent.
            models.Index(
                fields=["status", "created_at"],
                name="guest_message_unsent",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.guest_id} ({self.status})"
