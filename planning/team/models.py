"""The organising team of a Jam: its members and the invitations to join it."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineCharField
from planning.enums import (
    TeamRole,
)


def role_label(role: str, custom_role: str) -> str:
    """A role as people read it: the host's own name for a custom role, else the role's label."""
    if role == TeamRole.OTHER and custom_role:
        return custom_role
    return dict(TeamRole.choices).get(role, role)


class TeamMember(models.Model):
    """Someone who helps the host organise a Jam, with a role."""

    jam = models.ForeignKey("planning.Jam", on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    custom_role = SingleLineCharField(
        _("role name"), max_length=60, blank=True, help_text=_("Name the role in your own words.")
    )
    permissions = models.JSONField(
        _("what they may do"),
        null=True,
        blank=True,
        help_text=_(
            "For a role the host named: the permissions the host chose for it "
            "(none chosen yet: that role's defaults)."
        ),
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["jam", "user"], name="team_member_once_per_jam"),
        ]

    def __str__(self):
        return f"{self.user} ({self.role_label})"

    @property
    def role_label(self) -> str:
        return role_label(self.role, self.custom_role)


def token_digest(token: str) -> str:
    """Only a digest of an emailed token is stored: a database leak yields no working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class TeamInvitation(models.Model):
    """An emailed, single-use, expiring invitation to join a Jam's organising team."""

    VALID_FOR = dt.timedelta(days=7)

    jam = models.ForeignKey(
        "planning.Jam", on_delete=models.CASCADE, related_name="team_invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    custom_role = SingleLineCharField(_("role name"), max_length=60, blank=True)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_email = models.ForeignKey(
        "outbox.TeamEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("its latest email"),
    )
    """The latest email with its link: whether it went out is shown on the team page."""

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.jam}"

    @property
    def role_label(self) -> str:
        return role_label(self.role, self.custom_role)

    def is_pending(self, now: dt.datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at
