"""Closing feedback, anonymous: what one learned, liked and would improve."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from planning.models import Session


class FeedbackPrompt(models.TextChoices):
    """The toolkit's three closing prompts."""

    LEARNED = "learned", _("One thing I learned")
    LIKED = "liked", _("One thing I liked")
    IMPROVE = "improve", _("One thing to improve next time")


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
