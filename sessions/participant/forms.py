"""The forms on a guest's own page. They only check input; services in ``planning.guests`` write."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from jamsessions.timing import all_time_zones
from planning.enums import AgeRange, GenderIdentity, Movement, RsvpAnswer
from planning.models import Guest, Session

ANSWER_ERROR = _("Choose yes, maybe or no.")
CHOICE_ERROR = _("Choose one of the answers offered, or leave it empty.")


class RsvpForm(forms.Form):
    """Yes, maybe or no for one session. Its fields' ids carry the session's own key."""

    answer = forms.ChoiceField(
        choices=RsvpAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_ERROR, "invalid_choice": ANSWER_ERROR},
    )

    def __init__(self, *args, session: Session, **kwargs):
        kwargs.setdefault("auto_id", f"session-{session.key}-%s")
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["answer"].label = _("Will you come to %(session)s?") % {
            "session": session.label
        }


class NeedsForm(forms.Form):
    needs = forms.CharField(
        label=_("What do you need to take part?"),
        help_text=_(
            "In your own words. For example: interpretation or sign language, step-free access, "
            "a quiet space, captions, food you can eat, a break at a set time, help with travel."
        ),
        required=False,
        max_length=Guest.NEEDS_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": _(
                "Write at most %(limit_value)d characters (you wrote %(show_value)d). "
                "Your text is still here to shorten."
            )
        },
    )
    needs_anonymous = forms.BooleanField(
        label=_("Show this to the organising team without my name"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "needs-%s")
        super().__init__(*args, **kwargs)


def _choices(enum) -> list[tuple[str, str]]:
    return [("", _("I’d rather not say")), *enum.choices]


class ProfileForm(forms.Form):
    """Optional details, kept only with the guest's explicit consent."""

    pronouns = forms.CharField(
        label=_("Pronouns"),
        help_text=_("For example: she/her, he/him, they/them."),
        required=False,
        max_length=Guest._meta.get_field("pronouns").max_length,
        error_messages={"max_length": _("Write at most %(limit_value)d characters.")},
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=_choices(GenderIdentity),
        required=False,
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    age_range = forms.ChoiceField(
        label=_("Age"),
        choices=_choices(AgeRange),
        required=False,
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    movement = forms.ChoiceField(
        label=_("Movement"),
        help_text=_("The movement or cause you are most part of."),
        choices=_choices(Movement),
        required=False,
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    consent = forms.BooleanField(
        label=_("I agree that the organisers keep these details"),
        help_text=_(
            "They are only ever shown to the organisers as counts (for example “4 people "
            "under 25”), never with your name. You can withdraw them at any time on this page."
        ),
        required=True,
        error_messages={
            "required": _("Tick the box to agree, or leave these details out: they are optional.")
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "profile-%s")
        super().__init__(*args, **kwargs)


def zone_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Not set: show the session’s time only")),
        *((zone, zone.replace("_", " ")) for zone in all_time_zones()),
    ]


_rendered_zone_selects: dict[tuple, str] = {}


class ZoneSelect(forms.Select):
    """A list of six hundred zones, rendered once per process and language, not on every page.

    Rendering each option through the widget templates costs tens of milliseconds; the
    options never change, only which one is selected.
    """

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            translation.get_language(),
            name,
            tuple(sorted({**self.attrs, **(attrs or {})}.items())),
        )
        if key not in _rendered_zone_selects:
            _rendered_zone_selects[key] = str(super().render(name, "", attrs, renderer))
        html = _rendered_zone_selects[key]
        if value and value in all_time_zones():  # a known zone: safe to place in the markup
            html = html.replace(f'value="{value}"', f'value="{value}" selected', 1)
        return mark_safe(html)  # noqa: S308 - rendered and escaped by Django's own widget


class TimezoneForm(forms.Form):
    zone = forms.ChoiceField(
        label=_("My time zone"),
        help_text=_("We then also show each session’s time on your clock."),
        required=False,
        choices=zone_choices,
        widget=ZoneSelect,
        error_messages={"invalid_choice": _("Choose a time zone from the list.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "timezone-%s")
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("zone"):
            # None chosen yet: browser-zone.js selects the device's own zone.
            self.fields["zone"].widget.attrs["data-browser-zone"] = ""
