from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineCharField
from planning.models import Jam, Session


class ItemKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    BREAK = "break", _("Break")
    MEAL = "meal", _("Meal")


MAX_ITEM_MINUTES = 8 * 60


class AgendaItem(models.Model):
    """One part of a session's agenda. Its start time is worked out, never stored."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    duration_minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ITEM_MINUTES)]
    )
    title = SingleLineCharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ItemKind.choices, default=ItemKind.ACTIVITY
    )
    content = models.TextField(_("what happens"), max_length=4000, blank=True)
    objective = models.TextField(_("objective"), max_length=2000, blank=True)
    practice = models.TextField(_("sample practice"), max_length=2000, blank=True)
    lead = models.ForeignKey(
        "planning.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("led by"),
    )
    materials = models.CharField(_("materials"), max_length=500, blank=True)
    facilitator_notes = models.TextField(
        _("facilitator notes"),
        max_length=4000,
        blank=True,
        help_text=_("Only the team sees these, never participants."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1)
                & models.Q(duration_minutes__lte=MAX_ITEM_MINUTES),
                name="agenda_item_duration_in_range",
            ),
        ]

    def __str__(self):
        return self.title


class HouseRule(models.Model):
    """A housekeeping rule of a Jam, read out at the start and printed on the agenda."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="house_rules")
    text = SingleLineCharField(_("rule"), max_length=300)
    template_key = models.CharField(max_length=40, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("housekeeping rule")
        verbose_name_plural = _("housekeeping rules")
        ordering = ["jam", "position", "pk"]

    def __str__(self):
        return self.text


class AccessibilityCheck(models.Model):
    """One of the toolkit's accessibility recommendations, ticked and noted per Jam."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="accessibility_checks")
    key = models.CharField(max_length=40, editable=False)
    title = models.CharField(_("recommendation"), max_length=200)
    hint = models.CharField(max_length=300, blank=True)
    done = models.BooleanField(_("done"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("accessibility check")
        verbose_name_plural = _("accessibility checks")
        ordering = ["jam", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["jam", "key"], name="accessibility_check_once"),
        ]

    def __str__(self):
        return self.title


class Vision(models.Model):
    """The toolkit's shared vision statement, built in five parts."""

    class Verb(models.TextChoices):
        HELP = "help", _("help")
        ENABLE = "enable", _("enable")
        INSPIRE = "inspire", _("inspire")

    jam = models.OneToOneField(Jam, on_delete=models.CASCADE, related_name="vision")
    given_that = models.CharField(
        _("Given that…"),
        max_length=500,
        blank=True,
        help_text=_("The problem, frustration or pain point."),
    )
    verb = models.CharField(
        _("How might we…"), max_length=10, choices=Verb.choices, default=Verb.HELP
    )
    persona = models.CharField(
        _("…whom"), max_length=300, blank=True, help_text=_("The people at the centre.")
    )
    goal = models.CharField(
        _("to…"), max_length=500, blank=True, help_text=_("The immediate goal.")
    )
    outcome = models.CharField(
        _("and achieve…"), max_length=500, blank=True, help_text=_("The outcome, the vision.")
    )
    opportunity = models.CharField(
        _("by…"), max_length=500, blank=True, help_text=_("The opportunity.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shared vision")
        verbose_name_plural = _("shared visions")

    def __str__(self):
        return self.sentence

    @property
    def sentence(self) -> str:
        if not (self.given_that or self.persona or self.goal):
            return ""
        return _(
            "Given %(given_that)s, how might we %(verb)s %(persona)s to %(goal)s "
            "and achieve %(outcome)s by %(opportunity)s?"
        ) % {
            "given_that": self.given_that or "…",
            "verb": self.get_verb_display(),
            "persona": self.persona or "…",
            "goal": self.goal or "…",
            "outcome": self.outcome or "…",
            "opportunity": self.opportunity or "…",
        }


class AgendaTemplate(models.Model):
    """An agenda saved by a host to start later Jams from (the toolkit's own are fixtures)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_templates"
    )
    name = SingleLineCharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    items = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


# --- The day ---------------------------------------------------------------------------


class RunState(models.Model):
    """Where a session is on the day: shared by every device of the team, kept on the server.

    The time left in the current item is worked out from ``item_started_at`` (moved
    forward on resume by the length of the pause) and the item's minutes plus
    ``extra_minutes``; so a phone that loses its connection can keep counting alone.
    """

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="run_state")
    current_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    item_started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    extra_minutes = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("run of the day")
        verbose_name_plural = _("runs of the day")

    def __str__(self):
        return f"{self.session} run"


class Attendance(models.Model):
    """Someone who came: a guest from the list, or a walk-in known by first name only."""

    WALK_IN_NAME_MAX_LENGTH = 40

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    guest = models.ForeignKey(
        "planning.Guest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
    )
    walk_in_name = SingleLineCharField(
        _("first name"), max_length=WALK_IN_NAME_MAX_LENGTH, blank=True
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "marked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "guest"],
                condition=models.Q(guest__isnull=False),
                name="attendance_once_per_guest",
            ),
            models.CheckConstraint(
                condition=models.Q(guest__isnull=False) | ~models.Q(walk_in_name=""),
                name="attendance_guest_or_walk_in",
            ),
        ]

    def __str__(self):
        return self.walk_in_name or f"guest {self.guest_id}"


class ItemNote(models.Model):
    """The note taker's notes on one agenda item, written as the session runs."""

    TEXT_MAX_LENGTH = 20000

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="note")
    text = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return self.text[:60]


def to_the_minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def now_to_the_minute() -> dt.datetime:
    return to_the_minute(timezone.now())


class Question(models.Model):
    """An anonymous question or comment from the room: no name, no address, no token."""

    TEXT_MAX_LENGTH = 500

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question or comment"), max_length=TEXT_MAX_LENGTH)
    # To the minute only: a time to the microsecond could be matched against a web server's log.
    created_at = models.DateTimeField(default=now_to_the_minute, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["session", "created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class FeedbackPrompt(models.TextChoices):
    """The toolkit's three closing prompts."""

    LEARNED = "learned", _("One thing I learned")
    LIKED = "liked", _("One thing I liked")
    IMPROVE = "improve", _("One thing to improve next time")


class FeedbackPace(models.Model):
    """How many feedback forms a session took in one minute, to hold back a flood.

    Only a count per session and minute, kept for two minutes: nothing links it to
    any feedback row or to whoever sent it.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "minute"], name="feedback_pace_per_minute")
        ]

    def __str__(self):
        return f"{self.count} at {self.minute:%H:%M}"


class Feedback(models.Model):
    """One anonymous answer to a closing prompt. Only the day is kept, not the time."""

    TEXT_MAX_LENGTH = 1000

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    prompt = models.CharField(_("prompt"), max_length=10, choices=FeedbackPrompt.choices)
    text = models.TextField(_("answer"), max_length=TEXT_MAX_LENGTH)
    given_on = models.DateField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["session", "prompt", "pk"]

    def __str__(self):
        return f"{self.get_prompt_display()}: {self.text[:40]}"
