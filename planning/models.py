from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import global_settings, settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .enums import Anchor, JamFormat, JamKind, Phase, TeamRole

SLUG_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def jam_slug_for(name: str) -> str:
    """A readable slug with a random suffix, so slugs never collide and are not guessable in order."""
    base = slugify(name)[:40].strip("-") or "jam"
    suffix = "".join(secrets.choice(SLUG_SUFFIX_ALPHABET) for _ in range(6))
    return f"{base}-{suffix}"


def role_label(role: str, custom_role: str) -> str:
    """A role as people read it: the host's own name for a custom role, else the role's label."""
    if role == TeamRole.OTHER and custom_role:
        return custom_role
    return dict(TeamRole.choices).get(role, role)


class JamQuerySet(models.QuerySet):
    def for_member(self, user) -> JamQuerySet:
        """The Jams this user hosts or helps organise; nothing for anyone else."""
        if not user.is_authenticated:
            return self.none()
        team_jams = TeamMember.objects.filter(user=user).values("jam_id")
        return self.filter(models.Q(host=user) | models.Q(pk__in=team_jams))


class Jam(models.Model):
    """A named series of one to three (or more) Jam Sessions, run by one host and a team."""

    slug = models.SlugField(max_length=60, unique=True, editable=False)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hosted_jams",
        verbose_name=_("host"),
    )
    name = models.CharField(_("name"), max_length=120)
    local_name = models.CharField(
        _("name in the local language"),
        max_length=120,
        blank=True,
        help_text=_("Maybe “Jam Session” does not work where you are. What would you call it?"),
    )
    objectives = models.TextField(
        _("objectives"),
        max_length=4000,
        help_text=_("What would you like this Jam to give the people who come?"),
    )
    kind = models.CharField(
        _("kind of Jam"), max_length=20, choices=JamKind.choices, default=JamKind.FUN
    )
    format = models.CharField(
        _("format"), max_length=20, choices=JamFormat.choices, default=JamFormat.ONLINE
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("Leave empty if people join from many countries.")
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        choices=global_settings.LANGUAGES,
        default="en",
        help_text=_("The language the Jam is held in and participants hear from us in."),
    )
    venue = models.CharField(
        _("where"),
        max_length=300,
        blank=True,
        help_text=_("A venue, or the online platform you will use."),
    )
    who_to_invite = models.TextField(
        _("who to invite"),
        max_length=4000,
        blank=True,
        help_text=_(
            "Five to twenty people works well. Aim for a mix of ages, genders, backgrounds and movements."
        ),
    )
    support_needed = models.TextField(
        _("support needed"),
        max_length=4000,
        blank=True,
        help_text=_("Money, tools, people, know-how: what would help you host it?"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JamQuerySet.as_manager()

    class Meta:
        verbose_name = _("Jam")
        verbose_name_plural = _("Jams")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:jam_detail", kwargs={"slug": self.slug})

    @property
    def is_online(self) -> bool:
        return self.format == JamFormat.ONLINE

    def is_host(self, user) -> bool:
        return user.is_authenticated and self.host_id == user.pk


class TeamMember(models.Model):
    """Someone who helps the host organise a Jam, with a role."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    custom_role = models.CharField(
        _("role name"), max_length=60, blank=True, help_text=_("Name the role in your own words.")
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

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="team_invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    custom_role = models.CharField(_("role name"), max_length=60, blank=True)
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


class TaskQuerySet(models.QuerySet):
    def for_member(self, user) -> TaskQuerySet:
        return self.filter(jam__in=Jam.objects.for_member(user))


class Task(models.Model):
    """One step on a Jam's roadmap: from the toolkit, or the team's own.

    The due date is not stored: it is worked out from the sessions (see
    ``planning.roadmap``), so it moves when a session moves. A date set by hand
    (``due_on_override``) stays put.
    """

    MAX_OFFSET_DAYS = 365

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="tasks")
    session = models.ForeignKey(
        "gatherings.Session",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        help_text=_("For steps repeated for each session."),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    template_key = models.CharField(max_length=40, blank=True, editable=False)
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("details"), max_length=2000, blank=True)
    anchor = models.CharField(
        max_length=20, choices=Anchor.choices, default=Anchor.FIRST_SESSION, editable=False
    )
    offset_days = models.SmallIntegerField(null=True, blank=True, editable=False)
    due_on_override = models.DateField(_("due date"), null=True, blank=True)
    assignee = models.ForeignKey(
        TeamMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("assigned to"),
    )
    assignee_role = models.CharField(
        _("assigned to the role"), max_length=20, choices=TeamRole.choices, blank=True
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    skipped = models.BooleanField(_("skipped"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jam", "session", "template_key"],
                condition=~models.Q(template_key=""),
                nulls_distinct=False,
                name="task_from_template_once",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Material(models.Model):
    """Something needed on the day, who brings it, and whether it is ready."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("what"), max_length=120)
    suggestion_key = models.CharField(max_length=40, blank=True, editable=False)
    brought_by = models.ForeignKey(
        TeamMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("who brings it"),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("How many, where from, or who outside the team brings it."),
    )
    ready = models.BooleanField(_("ready"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials and tools")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name
