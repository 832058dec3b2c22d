"""The closing feedback form: the toolkit's three prompts, each optional, at least one answered."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions.feedback.models import Feedback, FeedbackPrompt

AT_LEAST_ONE = _("Write at least one answer: something you learned, liked, or would improve.")
TOO_LONG = _(
    "Write at most %(limit_value)d characters (you wrote %(show_value)d). "
    "Your text is still here to shorten."
)

HELP = {
    FeedbackPrompt.LEARNED: _("An idea, a practice, something about yourself or others."),
    FeedbackPrompt.LIKED: _("A moment, an activity, a person’s way of holding the space."),
    FeedbackPrompt.IMPROVE: _("What would make the next session better for you."),
}


class FeedbackForm(forms.Form):
    """One field per prompt, named after it (``learned``, ``liked``, ``improve``).

    ``auto_id`` carries where the form is shown (``feedback-%s`` on the question
    box, ``session-<key>-feedback-%s`` on a guest's page) so several can share a page.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "feedback-%s")
        super().__init__(*args, **kwargs)
        for prompt in FeedbackPrompt:
            self.fields[prompt.value] = forms.CharField(
                label=prompt.label,
                help_text=HELP[prompt],
                required=False,
                max_length=Feedback.TEXT_MAX_LENGTH,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": TOO_LONG},
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(prompt) for prompt in FeedbackPrompt.values):
            raise forms.ValidationError(AT_LEAST_ONE, code="empty")
        return cleaned

    @property
    def answers(self) -> dict[str, str]:
        """What was written, per prompt, once the form is valid."""
        return {prompt: self.cleaned_data.get(prompt, "") for prompt in FeedbackPrompt.values}
