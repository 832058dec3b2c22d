from django import forms
from django.utils.translation import gettext_lazy as _

from planning.materials.selectors import Suggestion, material_team_members, suggestions_for
from planning.models import Jam, Material, TeamMember


class TeamMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TeamMember) -> str:
        return f"{obj.user.display_name} ({obj.role_label})"


class MaterialForm(forms.ModelForm):
    """A thing on the list: what, who brings it, a note. Only checks; services write."""

    class Meta:
        model = Material
        fields = ["name", "brought_by", "note"]
        field_classes = {"brought_by": TeamMemberChoiceField}
        help_texts = {"name": _("For example: flip chart paper, a first-aid kit, a projector.")}
        error_messages = {
            "name": {
                "required": _("Enter what is needed, for example “flip chart paper”."),
                "max_length": _(
                    "Use at most %(limit_value)d characters (it has %(show_value)d). "
                    "Details can go in the note."
                ),
            },
            "note": {
                "max_length": _("Use at most %(limit_value)d characters (it has %(show_value)d).")
            },
        }

    def __init__(self, *args, jam: Jam, **kwargs):
        super().__init__(*args, **kwargs)
        brought_by = self.fields["brought_by"]
        brought_by.queryset = material_team_members(jam=jam)
        brought_by.empty_label = _("Nobody yet")
        brought_by.error_messages["invalid_choice"] = _(
            "Choose someone from this Jam’s team, or “Nobody yet”."
        )


class SuggestionChoiceField(forms.MultipleChoiceField):
    """Offers the open suggestions; accepts any suggestion for the Jam's format.

    Someone else may have added a suggestion since the page was shown: the
    service skips it rather than the form refusing the whole choice.
    """

    def __init__(self, *args, accepted: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted = accepted

    def valid_value(self, value) -> bool:
        return str(value) in self.accepted


class MaterialSuggestionsForm(forms.Form):
    keys = SuggestionChoiceField(
        label=_("Suggestions"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one suggestion to add."),
            "invalid_choice": _("“%(value)s” is not one of the suggestions for this Jam."),
        },
    )

    def __init__(self, *args, jam: Jam, offered: list[Suggestion], **kwargs):
        super().__init__(*args, **kwargs)
        keys = self.fields["keys"]
        keys.choices = [(s.key, s.name) for s in offered]
        keys.accepted = frozenset(s.key for s in suggestions_for(jam_format=jam.format))


class MaterialReadyForm(forms.Form):
    ready = forms.TypedChoiceField(
        choices=[("1", _("Ready")), ("0", _("Not ready"))],
        coerce=lambda value: value == "1",
    )
