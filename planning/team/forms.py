from django import forms
from django.utils import formats
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _

from jamsessions.accounts.models import email_normalise
from jamsessions.text import SingleLineField
from planning.enums import Permission, TeamRole
from planning.models import Jam, TeamMember
from planning.team.selectors import (
    INVITABLE_ROLES,
    PermissionColumn,
    invitation_pending_for,
    team_has_email,
)

CUSTOM_ROLE_MAX_LENGTH = TeamMember._meta.get_field("custom_role").max_length


class RoleForm(forms.Form):
    """A role from the list, or one the host names (never the host's own)."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=INVITABLE_ROLES,
        error_messages={"required": _("Choose a role."), "invalid_choice": _("Choose a role.")},
    )
    custom_role = SingleLineField(
        label=_("Name of the role"),
        max_length=CUSTOM_ROLE_MAX_LENGTH,
        required=False,
        help_text=_("Only if you chose “Another role”: what will they do?"),
    )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        custom_role = (cleaned.get("custom_role") or "").strip()
        if role == TeamRole.OTHER and not custom_role:
            self.add_error(
                "custom_role",
                _("Name the role you chose “Another role” for, or choose a role from the list."),
            )
        elif role and role != TeamRole.OTHER:
            custom_role = ""
        cleaned["custom_role"] = custom_role
        return cleaned


class InvitationForm(RoleForm):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_("They get a link that works once, for 7 days."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the email address of the person you want to invite."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    field_order = ["email", "role", "custom_role"]

    def __init__(self, *args, jam: Jam, **kwargs):
        super().__init__(*args, **kwargs)
        self.jam = jam
        self.fields["role"].widget = forms.RadioSelect(choices=INVITABLE_ROLES)

    def clean_email(self):
        email = email_normalise(self.cleaned_data["email"])
        if team_has_email(jam=self.jam, email=email):
            raise forms.ValidationError(
                _("%(email)s is already on the team."), params={"email": email}
            )
        pending = invitation_pending_for(jam=self.jam, email=email, now=django_timezone.now())
        if pending is not None:
            raise forms.ValidationError(
                _(
                    "%(email)s already has an invitation waiting, until %(date)s."
                    " The host can send it again from the list of invitations."
                ),
                params={
                    "email": email,
                    "date": formats.date_format(
                        django_timezone.localtime(pending.expires_at), "DATE_FORMAT"
                    ),
                },
            )
        return email


class MemberRoleForm(RoleForm):
    """One member's role, changed by the host from the team page."""

    def __init__(self, *args, member: TeamMember, **kwargs):
        kwargs.setdefault("prefix", f"member-{member.pk}")
        kwargs.setdefault("initial", {"role": member.role, "custom_role": member.custom_role})
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["role"].label = _("Role of %(name)s") % {"name": member.user.display_name}


class PermissionsForm(forms.Form):
    """What each role may do on this Jam, and each member whose role the host named: one
    fieldset of checkboxes per column of "who may do what" (the host's column is fixed)."""

    def __init__(self, *args, columns: list[PermissionColumn], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        for column in columns[1:]:
            self.fields[self.field_name(column)] = forms.MultipleChoiceField(
                label=_("What %(role)s may do") % {"role": column.label},
                choices=Permission.choices,
                required=False,
                initial=sorted(column.granted),
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Choose from the list.")},
            )

    def field_name(self, column: PermissionColumn) -> str:
        return f"member-{column.member.pk}" if column.member else f"role-{column.role}"

    def chosen(self) -> tuple[dict[str, list[str]], dict[int, list[str]]]:
        """The choices as ``permissions_update`` takes them: per role, per member."""
        roles, members = {}, {}
        for column in self.columns[1:]:
            value = self.cleaned_data[self.field_name(column)]
            if column.member:
                members[column.member.pk] = value
            else:
                roles[column.role] = value
        return roles, members
