"""A roadmap step the team writes or changes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from planning.enums import Phase
from planning.jams.forms import LONG_TEXT_ROWS
from planning.models import (
    Jam,
    Task,
)


class TaskForm(forms.ModelForm):
    """Add or change a roadmap task; the assignee must be on this Jam's team."""

    MAX_DAYS_AWAY = 365

    class Meta:
        model = Task
        fields = ["title", "description", "phase", "due_on_override", "assignee", "assignee_role"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": LONG_TEXT_ROWS}),
            "due_on_override": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "due_on_override": _("Leave empty to follow the countdown from the sessions."),
            "assignee_role": _("Or give it to everyone with a role."),
        }
        error_messages = {
            "assignee": {"invalid_choice": _("Choose someone on this Jam’s team.")},
            "title": {"required": _("Say what needs doing.")},
        }

    def __init__(self, *args, jam: Jam, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["assignee"].queryset = jam.team_members.select_related("user").order_by("pk")
        self.fields["assignee"].label_from_instance = lambda member: (
            f"{member.user.display_name} ({member.role_label})"
        )
        self.fields["assignee"].empty_label = _("Nobody yet")
        self.fields["phase"].initial = Phase.WEEKS_2

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Say what needs doing."))
        return title

    def clean_due_on_override(self):
        due_on = self.cleaned_data.get("due_on_override")
        if due_on is not None and abs((due_on - self.today).days) > self.MAX_DAYS_AWAY:
            raise forms.ValidationError(
                _("Choose a date within a year of today (%(today)s).")
                % {"today": self.today.isoformat()}
            )
        return due_on
