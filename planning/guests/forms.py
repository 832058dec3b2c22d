"""Forms of the guest list: add one guest, paste many, write to everyone who said yes.

The forms check the shape of what was typed; the rules (one address once per
Jam, what a pasted line may look like) live in ``planning.guests``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineField
from planning.guests.services import IMPORT_MAX_LINES
from planning.models import Announcement, Guest

# A paste of IMPORT_MAX_LINES lines of a long name and address each.
IMPORT_MAX_CHARS = IMPORT_MAX_LINES * 400
SUBJECT_MAX_LENGTH = Announcement._meta.get_field("subject").max_length
BODY_MAX_LENGTH = Announcement._meta.get_field("body").max_length


class GuestAddForm(forms.Form):
    name = SingleLineField(
        label=_("Name"),
        max_length=Guest.NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Write the guest’s name."),
            "max_length": _("A name can be at most %(limit_value)d characters."),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the guest’s email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )

    def add_service_error(self, error: ValidationError) -> None:
        """Show what ``guest_create`` refused next to the field it is about."""
        code = getattr(error, "code", None) or ""
        self.add_error("name" if code.startswith("name") else "email", error)


class GuestImportForm(forms.Form):
    lines = forms.CharField(
        label=_("Guests, one per line"),
        help_text=_(
            "A name and an email address on each line, like “Amina Diallo, amina@example.org”, "
            "“Amina Diallo <amina@example.org>”, or copied from a spreadsheet."
        ),
        max_length=IMPORT_MAX_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Paste at least one line with a name and an email address."),
            "max_length": _("That is too much to paste at once. Paste fewer lines."),
        },
    )

    def clean_lines(self):
        lines = self.cleaned_data["lines"]
        if not lines.strip():
            raise ValidationError(_("Paste at least one line with a name and an email address."))
        return lines

    def add_service_error(self, error: ValidationError) -> None:
        self.add_error("lines", error)


class AnnouncementForm(forms.Form):
    subject = SingleLineField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        error_messages={
            "required": _("Write a subject for your message."),
            "max_length": _("A subject can be at most %(limit_value)d characters."),
        },
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("It goes by email to every guest who said yes to at least one session."),
        error_messages={
            "required": _("Write your message."),
            "max_length": _("A message can be at most %(limit_value)d characters."),
        },
    )

    def add_service_error(self, error: ValidationError) -> None:
        self.add_error(None, error)
