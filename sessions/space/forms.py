"""Forms of the Jam-wide pages: housekeeping rules, accessibility checklist, shared vision.

Forms only check what was typed; the services in ``sessions.space`` write.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions.space.models import AccessibilityCheck, HouseRule, Vision


class HouseRuleForm(forms.ModelForm):
    class Meta:
        model = HouseRule
        fields = ["text"]
        widgets = {"text": forms.TextInput(attrs={"autocomplete": "off"})}
        error_messages = {
            "text": {
                "required": _("Write the rule, for example “We listen without interrupting.”"),
                "max_length": _(
                    "Keep the rule to %(limit_value)d characters or fewer "
                    "(it has %(show_value)d), so it can be read out in one breath."
                ),
            }
        }


class HouseRuleMoveForm(forms.Form):
    OFFSETS = {"up": -1, "down": 1}

    direction = forms.ChoiceField(choices=[("up", _("Move up")), ("down", _("Move down"))])

    @property
    def offset(self) -> int:
        return self.OFFSETS[self.cleaned_data["direction"]]


@dataclass(frozen=True)
class CheckRow:
    check: AccessibilityCheck
    done: forms.BoundField
    note: forms.BoundField


class AccessibilityForm(forms.Form):
    """One form for the whole checklist, so it works as a plain page without JavaScript.

    Each field carries the value the page showed (``show_hidden_initial``), so
    only what this person changed is saved: two people saving at once keep each
    other's ticks and notes.
    """

    NOTE_MAX = AccessibilityCheck._meta.get_field("note").max_length

    def __init__(self, *args, checks: list[AccessibilityCheck], **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = checks
        for check in checks:
            self.fields[f"done-{check.pk}"] = forms.BooleanField(
                label=check.title,
                required=False,
                initial=check.done,
                show_hidden_initial=True,
                widget=forms.CheckboxInput(
                    attrs={"aria-describedby": f"hint-{check.pk}"} if check.hint else {}
                ),
            )
            self.fields[f"note-{check.pk}"] = forms.CharField(
                label=_("Note on “%(check)s”") % {"check": check.title},
                required=False,
                initial=check.note,
                max_length=self.NOTE_MAX,
                show_hidden_initial=True,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
                error_messages={
                    "max_length": _(
                        "Keep the note to %(limit_value)d characters or fewer "
                        "(it has %(show_value)d)."
                    )
                },
            )

    def rows_for(self, checks: list[AccessibilityCheck]) -> list[CheckRow]:
        """Each check with its tick box and note field, for the template."""
        return [
            CheckRow(check=check, done=self[f"done-{check.pk}"], note=self[f"note-{check.pk}"])
            for check in checks
        ]

    def changes(self) -> dict[int, dict[str, object]]:
        """What this person changed, as {check id: {field: value}}."""
        changed = set(self.changed_data)
        result: dict[int, dict[str, object]] = {}
        for check in self.checks:
            for field in ("done", "note"):
                name = f"{field}-{check.pk}"
                if name in changed:
                    result.setdefault(check.pk, {})[field] = self.cleaned_data[name]
        return result


VISION_EXAMPLE = _(
    "Given the increase in cyclones in the Philippines, we might offer Filipinos our help "
    "during extreme weather events and hold big polluters responsible by taking simple "
    "social actions."
)


class VisionForm(forms.ModelForm):
    class Meta:
        model = Vision
        fields = ["given_that", "verb", "persona", "goal", "outcome", "opportunity"]
        # Kept as the model words them ("…whom", "to…", "and achieve…", "by…"), not
        # capitalised, so the labels read on as one sentence.
        labels = {
            name: Vision._meta.get_field(name).verbose_name
            for name in ("persona", "goal", "outcome", "opportunity")
        }
        widgets = {
            "given_that": forms.Textarea(attrs={"rows": 2}),
            "verb": forms.RadioSelect,
            "persona": forms.TextInput,
            "goal": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "opportunity": forms.Textarea(attrs={"rows": 2}),
        }

    TEXT_FIELDS = ("given_that", "persona", "goal", "outcome", "opportunity")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.TEXT_FIELDS:
            field = self.fields[name]
            field.error_messages["max_length"] = _(
                "Use at most %(limit_value)d characters (it has %(show_value)d)."
            )
        self.fields["verb"].error_messages["invalid_choice"] = _("Choose help, enable or inspire.")
        self.fields["verb"].error_messages["required"] = _("Choose help, enable or inspire.")

    # The sentence starts from these: with none of them there is nothing to read.
    SENTENCE_FIELDS = ("given_that", "persona", "goal")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in self.SENTENCE_FIELDS):
            raise forms.ValidationError(
                _(
                    "Write at least “Given that…”, “…whom” or “to…”, "
                    "so the vision can be read as a sentence."
                ),
                code="empty",
            )
        return cleaned
