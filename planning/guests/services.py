"""Writing a Jam's guests: adding and pasting them, their answers, needs, profile and time
zone, a new personal link, and erasing their details.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamsessions.accounts.models import email_normalise
from jamsessions.timing import all_time_zones
from planning.enums import AgeRange, GenderIdentity, Movement, RsvpAnswer
from planning.guests.selectors import (
    guest_messages_unsent,
    session_cancelled_text,
    session_over_text,
)
from planning.models import Guest, Jam, Rsvp, Session

# A paste of more lines than this is refused as a whole: nobody invites 500 people to a Jam.
IMPORT_MAX_LINES = 500


def _name_checked(name: str) -> str:
    """A guest's name with its spaces tidied; ValidationError when empty or too long."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Write the guest’s name."), code="name_missing")
    if len(name) > Guest.NAME_MAX_LENGTH:
        raise ValidationError(
            _("A name can be at most %(max)s characters.") % {"max": Guest.NAME_MAX_LENGTH},
            code="name_too_long",
        )
    return name


def _already_listed(email: str) -> ValidationError:
    return ValidationError(
        _("%(email)s is already on the guest list.") % {"email": email}, code="duplicate"
    )


def guest_create(*, jam: Jam, name: str, email: str, added_by) -> Guest:
    """Add one guest. A second guest with the same address is refused."""
    name = _name_checked(name)
    email = email_normalise(email)
    validate_email(email)
    try:
        with transaction.atomic():
            return Guest.objects.create(jam=jam, name=name, email=email, added_by=added_by)
    except IntegrityError as error:  # the address is on the list (perhaps added a moment ago)
        raise _already_listed(email) from error


@dataclass(frozen=True)
class ImportProblem:
    """A pasted line not added: the whole line, to give it back to be corrected, and why."""

    line_number: int
    line: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    added: list[Guest]
    problems: list[ImportProblem]


# "Name <email>", "Name, email", "Name; email", "Name<TAB>email", or "email, Name".
_ANGLE = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]+)>\s*$")


_SEPARATED = re.compile(r"^(?P<first>[^,;\t]*)[,;\t]\s*(?P<second>.*)$")


def import_line_parse(line: str) -> tuple[str, str]:
    """A pasted line's name and email address; ValidationError saying what is wrong."""
    text = line.strip()
    match = _ANGLE.match(text)
    if match:
        name, email = match["name"].strip().strip("\"'"), match["email"].strip()
    else:
        match = _SEPARATED.match(text)
        if not match:
            raise ValidationError(_("Write a name and an email address, separated by a comma."))
        first, second = match["first"].strip(), match["second"].strip().strip(",;")
        name, email = (second, first) if "@" in first and "@" not in second else (first, second)
    if not name:
        raise ValidationError(_("The name is missing."))
    if not email:
        raise ValidationError(_("The email address is missing."))
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("“%(email)s” is not an email address.") % {"email": email}
        ) from None
    return " ".join(name.split()), email_normalise(email)


def guests_import(*, jam: Jam, text: str, added_by) -> ImportResult:
    """Add every good line of a paste; report each bad or repeated line and keep the rest."""
    lines = text.splitlines()
    if len(lines) > IMPORT_MAX_LINES:
        raise ValidationError(
            _("Paste at most %(max)s lines at a time.") % {"max": IMPORT_MAX_LINES},
            code="too_many_lines",
        )
    known = set(Guest.objects.filter(jam=jam).exclude(email="").values_list("email", flat=True))
    to_add: list[Guest] = []
    problems: list[ImportProblem] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            name, email = import_line_parse(line)
            name = _name_checked(name)
            if email in known:
                raise _already_listed(email)
        except ValidationError as error:
            problems.append(ImportProblem(number, line.strip(), error.messages[0]))
            continue
        known.add(email)
        to_add.append(Guest(jam=jam, name=name, email=email, added_by=added_by))
    with transaction.atomic():
        # Someone may add the same address meanwhile: that line is skipped, not a crash.
        Guest.objects.bulk_create(to_add, ignore_conflicts=True)
    added = list(
        Guest.objects.filter(
            jam=jam, email__in=[guest.email for guest in to_add], added_by=added_by
        )
    )
    return ImportResult(added=added, problems=problems)


def rsvp_set(*, guest: Guest, session: Session, answer: str) -> Rsvp:
    """Record or change the guest's answer for one session of their Jam."""
    if session.jam_id != guest.jam_id:
        raise ValidationError(_("This session is not part of your invitation."), code="other_jam")
    if answer not in RsvpAnswer.values:
        raise ValidationError(_("Choose yes, maybe or no."), code="invalid_answer")
    if session.is_cancelled:
        raise ValidationError(session_cancelled_text(), code="session_cancelled")
    if session.is_over:
        raise ValidationError(session_over_text(session), code="session_over")
    rsvp, _created = Rsvp.objects.update_or_create(
        guest=guest, session=session, defaults={"answer": answer}
    )
    return rsvp


def guest_needs_update(*, guest: Guest, needs: str, anonymous: bool) -> Guest:
    needs = needs.strip()
    if len(needs) > Guest.NEEDS_MAX_LENGTH:
        raise ValidationError(
            _("Write at most %(max)s characters.") % {"max": Guest.NEEDS_MAX_LENGTH},
            code="too_long",
        )
    guest.needs, guest.needs_anonymous = needs, anonymous
    guest.save(update_fields=["needs", "needs_anonymous"])
    return guest


def guest_profile_update(
    *, guest: Guest, consent: bool, pronouns: str, gender: str, age_range: str, movement: str
) -> Guest:
    """Keep the profile details the guest chose to give, only with their explicit consent."""
    if not consent:
        raise ValidationError(
            _("Tick the box to agree, or leave these details out: they are optional."),
            code="no_consent",
        )
    for value, choices in ((gender, GenderIdentity), (age_range, AgeRange), (movement, Movement)):
        if value and value not in choices.values:
            raise ValidationError(_("Choose one of the answers offered."), code="invalid_choice")
    guest.pronouns = pronouns.strip()[:40]
    guest.gender, guest.age_range, guest.movement = gender, age_range, movement
    guest.profile_consented_at = timezone.now()
    guest.save(
        update_fields=["pronouns", "gender", "age_range", "movement", "profile_consented_at"]
    )
    return guest


def guest_profile_withdraw(*, guest: Guest) -> Guest:
    """Forget the profile details and the consent; nothing of them is kept."""
    guest.pronouns = guest.gender = guest.age_range = guest.movement = ""
    guest.profile_consented_at = None
    guest.save(
        update_fields=["pronouns", "gender", "age_range", "movement", "profile_consented_at"]
    )
    return guest


def guest_timezone_set(*, guest: Guest, zone: str) -> Guest:
    if zone and zone not in all_time_zones():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid_zone")
    guest.timezone = zone
    guest.save(update_fields=["timezone"])
    return guest


def guest_link_revoke(*, guest: Guest) -> Guest:
    """Give the guest a new key: every link sent so far stops working."""
    guest.link_key = uuid.uuid4()
    guest.save(update_fields=["link_key"])
    return guest


def guest_erase(*, guest: Guest) -> Guest:
    """Remove the guest's personal data; keep only what counts anonymously (their answers).

    Name, email, needs, profile and zone are blanked, the link stops working,
    and emails not yet sent to them are dropped.
    """
    with transaction.atomic():
        guest.name = guest.email = guest.needs = guest.pronouns = ""
        guest.gender = guest.age_range = guest.movement = guest.timezone = ""
        guest.needs_anonymous = False
        guest.profile_consented_at = None
        guest.link_key = uuid.uuid4()
        guest.erased_at = timezone.now()
        guest.save()
        guest_messages_unsent(guest).delete()
        guest.messages.update(payload={}, last_error="")
    return guest
