"""The space a Jam holds: its house rules, its accessibility checklist and its vision."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.ordering import InOrderQuerySet
from jamsessions.text import SingleLineCharField
from planning.models import Jam


class HouseRule(models.Model):
    """A housekeeping rule of a Jam, read out at the start and printed on the agenda."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="house_rules")
    text = SingleLineCharField(_("rule"), max_length=300)
    template_key = models.CharField(max_length=40, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    objects = InOrderQuerySet.as_manager()

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

    objects = InOrderQuerySet.as_manager()

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
