from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
import zoneinfo
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

from .enums import (
    AgeRange,
    Anchor,
    GenderIdentity,
    JamFormat,
    JamKind,
    MessageKind,
    MessageStatus,
    Movement,
    Phase,
    RsvpAnswer,
    TeamRole,
)

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


class SessionQuerySet(models.QuerySet):
    def for_member(self, user) -> SessionQuerySet:
        return self.filter(jam__in=Jam.objects.for_member(user))

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

    ``number`` is its place in time order, for labels only: it changes when another
    session is added, moved or removed. Addresses name a session by its ``key``.
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
        return _("Session %(number)s") % {"number": self.number}

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


class TeamMember(models.Model):
    """Someone who helps the host organise a Jam, with a role."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    custom_role = SingleLineCharField(
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
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        help_text=_("For steps repeated for each session."),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    template_key = models.CharField(max_length=40, blank=True, editable=False)
    title = SingleLineCharField(_("task"), max_length=200)
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
    name = SingleLineCharField(_("what"), max_length=120)
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


# --- Guests ---------------------------------------------------------------------------


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
