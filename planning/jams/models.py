"""The Jam and its dated sessions: the lowest layer of the domain, which everything else points to."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import global_settings, settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from jamsessions.text import SingleLineCharField
from jamsessions.timing import ClockChange, clock_changes
from planning.enums import (
    JamFormat,
    JamKind,
)
from planning.team.models import TeamMember

SLUG_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def jam_slug_for(name: str) -> str:
    """A readable slug with a random suffix, so slugs never collide and are not guessable in order."""
    base = slugify(name)[:40].strip("-") or "jam"
    suffix = "".join(secrets.choice(SLUG_SUFFIX_ALPHABET) for _ in range(6))
    return f"{base}-{suffix}"


# A Jam's details: what the host fills in, on the form and through the services.
JAM_FIELDS = (
    "name",
    "local_name",
    "objectives",
    "kind",
    "format",
    "country",
    "language",
    "venue",
    "online_link",
    "who_to_invite",
    "support_needed",
)


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
    name = SingleLineCharField(_("name"), max_length=120)
    local_name = SingleLineCharField(
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
    venue = SingleLineCharField(
        _("where"),
        max_length=300,
        blank=True,
        help_text=_(
            "A venue’s address, or the online platform you will use. "
            "Guests see it only once they say yes."
        ),
    )
    online_link = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("The link to join online. Guests see it only once they say yes."),
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
    calendar_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role_permissions = models.JSONField(
        _("what each role may do"),
        default=dict,
        blank=True,
        help_text=_("The host's choices per role; a role not named here has its defaults."),
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

    @property
    def can(self):
        """What the person this Jam was read for may do on it (``planning.rules.Can``).

        The selector that scoped the Jam to that person sets it (``jam_get``,
        ``session_get``, ``task_get``). A Jam read any other way has none: asking raises,
        where a template would otherwise quietly hide every control on the page.
        """
        try:
            return self.__dict__["_can"]
        except KeyError:
            raise RuntimeError(
                "jam.can is set by the selector that scoped this Jam to a person "
                "(jam_get, session_get, task_get); this Jam came another way."
            ) from None

    @can.setter
    def can(self, value) -> None:
        self.__dict__["_can"] = value


MIN_DURATION_MINUTES = 10


MAX_DURATION_MINUTES = 12 * 60


# Letters and digits nobody confuses when reading a short link off a screen.
PUBLIC_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


PUBLIC_CODE_LENGTH = 10


def public_code_new() -> str:
    """A short code for a session's question box link: 31^10 ≈ 8·10^14, never in order."""
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(PUBLIC_CODE_LENGTH))


SESSION_KEY_LENGTH = 8


def session_key_new() -> str:
    """A session's own key, for the addresses that name it: 31^8 ≈ 8.5·10^11, never in order.

    Unlike its number (1, 2, 3 in time order, given again when a session is added,
    moved or removed), the key never changes: a page open for a session keeps
    acting on that session.
    """
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(SESSION_KEY_LENGTH))


@dataclass(frozen=True)
class Place:
    """Where a session happens: a venue (an address, or the online platform) and/or a link
    to join. False when neither is known yet."""

    venue: str
    online_link: str

    def __bool__(self) -> bool:
        return bool(self.venue or self.online_link)

    @property
    def line(self) -> str:
        """The venue and/or the link on one line, as a calendar's LOCATION shows it."""
        return " — ".join(part for part in (self.venue.strip(), self.online_link.strip()) if part)


def going_ahead_filter(prefix: str = "") -> models.Q:
    """Sessions that go ahead: not cancelled. ``prefix`` reaches them through a relation
    (``"session__"``, ``"jam__sessions__"``).

    The one home of which sessions count: for invitations, reminders, calendar feeds,
    the next session, roadmap dates, numbering and whether a Jam was held. A cancelled
    session keeps its records and stays on the team's page as cancelled, and nowhere
    else counts. ``SessionQuerySet.going_ahead``, ``Session.is_cancelled`` and
    ``sessions_going_ahead`` say the same for a query, a row and a list.
    """
    return models.Q(**{f"{prefix}cancelled_at__isnull": True})


def sessions_going_ahead(sessions: Iterable[Session]) -> list[Session]:
    """The sessions among these that go ahead (``going_ahead_filter``), in the same order:
    for sessions already read, such as a Jam's prefetched ``sessions``."""
    return [session for session in sessions if not session.is_cancelled]


class SessionQuerySet(models.QuerySet):
    def for_member(self, user) -> SessionQuerySet:
        return self.filter(jam__in=Jam.objects.for_member(user))

    def going_ahead(self) -> SessionQuerySet:
        """The sessions that count: not cancelled (``going_ahead_filter``)."""
        return self.filter(going_ahead_filter())

    def cancelled(self) -> SessionQuerySet:
        return self.exclude(going_ahead_filter())

    def at_jam_place(self) -> SessionQuerySet:
        """Sessions with no place of their own, so at the Jam's (``Session.has_own_place``)."""
        return self.filter(venue="", online_link="")

    def _ends_at(self):
        """The end as a database expression: the start plus the duration in minutes."""
        return models.ExpressionWrapper(
            models.F("starts_at") + models.F("duration_minutes") * dt.timedelta(minutes=1),
            output_field=models.DateTimeField(),
        )

    def over(self, now: dt.datetime | None = None) -> SessionQuerySet:
        """Sessions that have ended by ``now``: one ending exactly now is over (``Session.is_over``)."""
        now = now or timezone.now()
        return self.alias(ended_at=self._ends_at()).filter(ended_at__lte=now)

    def coming(self, now: dt.datetime | None = None) -> SessionQuerySet:
        """Sessions not yet over at ``now``: still to come, or running."""
        now = now or timezone.now()
        return self.alias(ended_at=self._ends_at()).filter(ended_at__gt=now)


class Session(models.Model):
    """One dated gathering of a Jam (session 1, 2, 3…), in its own time zone.

    ``number`` is its place in time order among the sessions that go ahead, for labels
    only: it changes when another session is added, moved, cancelled or removed
    (cancelled ones are numbered after them, a number never shown). Addresses name a
    session by its ``key``.
    """

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    # The session's own part of its addresses (session_key_new): it never changes.
    key = models.CharField(max_length=16, unique=True, default=session_key_new, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[
            MinValueValidator(MIN_DURATION_MINUTES),
            MaxValueValidator(MAX_DURATION_MINUTES),
        ],
    )
    timezone = models.CharField(_("time zone"), max_length=64)
    public_code = models.CharField(
        max_length=16,
        unique=True,
        default=public_code_new,
        editable=False,
        help_text=_("The short link of the session's anonymous question and feedback box."),
    )
    sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Grows with every change calendars must hear about (RFC 5545 SEQUENCE)."),
    )
    # Its own place, when it is not the Jam's: both empty means the Jam's (``place``).
    venue = SingleLineCharField(
        _("where"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only if this session is not where the Jam is: a venue’s address, or the online "
            "platform. Leave this and the link empty to use the Jam’s place. "
            "Guests see it only once they say yes to this session."
        ),
    )
    online_link = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_(
            "The link to join this session online, if it is not the Jam’s. "
            "Leave this and the place empty to use the Jam’s place and link."
        ),
    )
    # Called off (``sessions.schedule.services.session_cancel``): guests were told, its
    # records are kept, and it no longer counts (``going_ahead_filter``).
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        # Made in the sessions app (label "gatherings"): the table keeps the name it was made with.
        db_table = "gatherings_session"
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["jam", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["jam", "number"],
                name="session_number_unique_per_jam",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=MIN_DURATION_MINUTES)
                & models.Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="session_duration_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.jam} — {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("sessions:session_detail", kwargs={"slug": self.jam.slug, "key": self.key})

    def lock(self) -> None:
        """Hold this session's row until the transaction ends: forms counted against a
        per-session cap wait for each other, so none slips past the count."""
        Session.objects.select_for_update().filter(pk=self.pk).values_list("pk").first()

    @property
    def label(self) -> str:
        """“Session 2”; a cancelled session has no place among those that go ahead (they are
        numbered without it), so it is “Cancelled session”, shown with its date."""
        if self.is_cancelled:
            return str(_("Cancelled session"))
        return _("Session %(number)s") % {"number": self.number}

    @property
    def is_cancelled(self) -> bool:
        """Called off (``going_ahead_filter`` says the same in the database)."""
        return self.cancelled_at is not None

    def has_started_at(self, now: dt.datetime) -> bool:
        """Whether the session has begun at ``now``: from then on it can only be changed,
        never cancelled or deleted (it is happening, or has happened)."""
        return self.starts_at <= now

    @property
    def has_started(self) -> bool:
        return self.has_started_at(timezone.now())

    @property
    def has_own_place(self) -> bool:
        """Whether a venue or a link is set for this session (``SessionQuerySet.at_jam_place``)."""
        return bool(self.venue or self.online_link)

    @property
    def place(self) -> Place:
        """Where the session happens: its own venue and link, or, when neither is set, the Jam's.

        The one home of a session's place: the guest page, emails, agenda PDFs and calendar
        files all read it. Taken whole, never field by field: a session in a hall of its own
        never shows the Jam's online link. Reads ``self.jam``.
        """
        if self.has_own_place:
            return Place(venue=self.venue, online_link=self.online_link)
        return Place(venue=self.jam.venue, online_link=self.jam.online_link)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def ends_at(self) -> dt.datetime:
        # Counted on the absolute clock: across a clock change, wall-clock arithmetic is wrong.
        return self.starts_at.astimezone(dt.UTC) + dt.timedelta(minutes=self.duration_minutes)

    def is_over_at(self, now: dt.datetime) -> bool:
        """Whether the session has ended at ``now``. Ending exactly now counts as over.

        The one home of “is over”; ``SessionQuerySet.over`` says the same in the database.
        """
        return self.ends_at <= now

    @property
    def is_over(self) -> bool:
        return self.is_over_at(timezone.now())

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def clock_changes(self) -> tuple[ClockChange, ...]:
        """The zone's clock changes while the session runs: none on almost every day."""
        return clock_changes(self.zone, self.starts_at, self.ends_at)
