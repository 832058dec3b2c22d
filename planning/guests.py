"""A Jam's guests: who is invited, what they answered, what they need, and their privacy.

Participants never make an account. Each guest has a personal link,
``/i/<token>/``, whose token is the guest's ``link_key`` signed with the site's
secret: a copy of the database alone yields no working link, and giving the
guest a new key (``guest_link_revoke``) makes every earlier link stop working.

Selectors read (``guest_list``, ``guest_get_by_token``, ``diversity_summary`` …);
services write (``guest_create``, ``guests_import``, ``rsvp_set``, ``guest_erase`` …).
Emails to guests are sent by ``sessions.messages``; ``planning.guest_log`` shows them.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jamsessions.accounts.models import email_normalise
from jamsessions.http import site_url
from jamsessions.timing import all_time_zones

from .enums import AgeRange, GenderIdentity, MessageStatus, Movement, RsvpAnswer
from .models import Guest, Jam, Rsvp, Session

# The toolkit: five to twenty people works well.
GUESTS_SUGGESTED_MIN = 5
GUESTS_SUGGESTED_MAX = 20
# A paste of more lines than this is refused as a whole: nobody invites 500 people to a Jam.
IMPORT_MAX_LINES = 500
# Groups smaller than this are not shown in the diversity summary: they could name someone.
DIVERSITY_MIN_GROUP = 3

_link_signer = signing.Signer(salt="jamsessions.guest-link", sep=".")
_feed_signer = signing.Signer(salt="jamsessions.calendar-feed", sep=".")
TOKEN_MAX_LENGTH = 120


# --- Links --------------------------------------------------------------------------


def guest_link_token(guest: Guest) -> str:
    """The token of the guest's personal link: their key, signed."""
    return _link_signer.sign(guest.link_key.hex)


def calendar_feed_token(jam: Jam) -> str:
    """The token of the Jam's subscribable calendar feed."""
    return _feed_signer.sign(jam.calendar_key.hex)


def calendar_feed_url(jam: Jam) -> str:
    """The full address of the Jam's subscribable calendar, for the team's pages."""
    return site_url(reverse("calendar:feed", kwargs={"token": calendar_feed_token(jam)}))


def _key_from_token(signer: signing.Signer, token: str) -> uuid.UUID | None:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        return uuid.UUID(hex=signer.unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def guest_get_by_token(*, token: str) -> Guest:
    """The guest a personal link stands for, with their Jam; 404 for anything else."""
    key = _key_from_token(_link_signer, token)
    if key is None:
        raise Guest.DoesNotExist
    return Guest.objects.select_related("jam", "jam__host").get(
        link_key=key, erased_at__isnull=True
    )


def jam_get_by_feed_token(*, token: str) -> Jam:
    """The Jam a calendar feed link stands for; 404 for anything else."""
    key = _key_from_token(_feed_signer, token)
    if key is None:
        raise Http404
    return get_object_or_404(Jam.objects.select_related("host"), calendar_key=key)


# --- Reading --------------------------------------------------------------------------


def guest_list(*, jam: Jam) -> QuerySet[Guest]:
    """The Jam's guests, erased ones last, each with ``rsvps`` prefetched: two queries."""
    return (
        Guest.objects.filter(jam=jam)
        .prefetch_related(
            Prefetch("rsvps", queryset=Rsvp.objects.only("guest_id", "session_id", "answer"))
        )
        .order_by(F("erased_at").asc(nulls_first=True), "name", "pk")
    )


def guest_get(*, jam: Jam, pk: int) -> Guest:
    """A guest of this Jam; 404 for an id from anywhere else."""
    guest = get_object_or_404(Guest, jam=jam, pk=pk)
    guest.jam = jam
    return guest


def guest_get_to_invite(*, jam: Jam, pk: int) -> Guest:
    """A guest of this Jam who can be sent something: not one whose details were erased."""
    guest = guest_get(jam=jam, pk=pk)
    if guest.is_erased:
        raise PermissionDenied(_("This guest’s details are erased: nothing can be sent to them."))
    return guest


def rsvp_answers(guest: Guest) -> dict[int, str]:
    """The guest's answers by session id, from prefetched ``rsvps`` when present."""
    return {rsvp.session_id: rsvp.answer for rsvp in guest.rsvps.all()}


def said_yes(guest: Guest) -> bool:
    """Whether the guest said yes to at least one session."""
    return any(rsvp.answer == RsvpAnswer.YES for rsvp in guest.rsvps.all())


def sees_place(answer: str | None) -> bool:
    """Whether a guest with this answer to a session sees where it happens (``Session.place``),
    on their page, in emails, agenda PDFs and calendar files: only after a yes to it."""
    return answer == RsvpAnswer.YES


def said_yes_to(guest: Guest, session: Session) -> bool:
    """Whether the guest said yes to this session, so sees its place (``sees_place``).

    Reads ``guest.rsvps``: prefetch it when asking for many guests or sessions.
    """
    answer = next((r.answer for r in guest.rsvps.all() if r.session_id == session.pk), None)
    return sees_place(answer)


@dataclass(frozen=True)
class Group:
    label: str
    count: int


@dataclass(frozen=True)
class ProfileField:
    name: str
    label: str
    groups: list[Group]
    hidden: int
    """How many answers are in groups too small to show."""

    @property
    def answered(self) -> int:
        return sum(group.count for group in self.groups) + self.hidden

    @property
    def all_one_group(self) -> bool:
        return len(self.groups) == 1 and self.hidden == 0 and self.answered >= DIVERSITY_MIN_GROUP


@dataclass(frozen=True)
class DiversitySummary:
    guests: int
    answered: int
    """Guests who chose to share at least one profile detail."""
    fields: list[ProfileField] = field(default_factory=list)

    @property
    def one_group_fields(self) -> list[ProfileField]:
        return [profile_field for profile_field in self.fields if profile_field.all_one_group]


PROFILE_FIELDS = (
    ("gender", gettext_lazy("Gender"), GenderIdentity),
    ("age_range", gettext_lazy("Age"), AgeRange),
    ("movement", gettext_lazy("Movement"), Movement),
)


def diversity_summary(*, jam: Jam) -> DiversitySummary:
    """Counts of the profile details guests chose to give. Never names; no group under 3."""
    rows = list(
        Guest.objects.filter(jam=jam, erased_at__isnull=True).values_list(
            "profile_consented_at", "gender", "age_range", "movement"
        )
    )
    consenting = [row[1:] for row in rows if row[0] is not None]
    fields = []
    for index, (name, label, choices) in enumerate(PROFILE_FIELDS):
        counts = Counter(row[index] for row in consenting if row[index])
        shown = [
            Group(label=str(choices(value).label), count=count)
            for value, count in counts.most_common()
            if count >= DIVERSITY_MIN_GROUP
        ]
        hidden = sum(count for count in counts.values() if count < DIVERSITY_MIN_GROUP)
        fields.append(ProfileField(name=name, label=str(label), groups=shown, hidden=hidden))
    return DiversitySummary(guests=len(rows), answered=len(consenting), fields=fields)


@dataclass(frozen=True)
class SharedNeed:
    text: str
    name: str
    """Empty when the guest asked to share their needs without their name."""


def needs_shared(*, jam: Jam) -> list[SharedNeed]:
    """What guests wrote they need to take part, with a name only where the guest allowed it.

    Named needs come first, by name. Needs shared without a name follow in the order
    of their own words: an order by name, or by when the guest was added, would let the
    team work out whose need is whose.
    """
    rows = list(
        Guest.objects.filter(jam=jam, erased_at__isnull=True)
        .exclude(needs="")
        .values_list("name", "needs", "needs_anonymous")
        .order_by("name", "pk")
    )
    named = [SharedNeed(text=needs, name=name) for name, needs, anonymous in rows if not anonymous]
    unnamed = sorted(
        (needs for _name, needs, anonymous in rows if anonymous),
        key=lambda text: (text.casefold(), text),
    )
    return named + [SharedNeed(text=text, name="") for text in unnamed]


# --- Adding guests ----------------------------------------------------------------------


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
            problems.append(ImportProblem(number, line.strip()[:200], error.messages[0]))
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


# --- What guests do on their page --------------------------------------------------------


def session_over_text(session: Session) -> str:
    return _("%(session)s has ended: answers for it can no longer be changed.") % {
        "session": session.label
    }


def rsvp_set(*, guest: Guest, session: Session, answer: str) -> Rsvp:
    """Record or change the guest's answer for one session of their Jam."""
    if session.jam_id != guest.jam_id:
        raise ValidationError(_("This session is not part of your invitation."), code="other_jam")
    if answer not in RsvpAnswer.values:
        raise ValidationError(_("Choose yes, maybe or no."), code="invalid_answer")
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


# --- Privacy -----------------------------------------------------------------------------


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
        guest.messages.exclude(status=MessageStatus.SENT).delete()
        guest.messages.update(payload={}, last_error="")
    return guest


def invitation_blocker(jam: Jam, *, now: dt.datetime | None = None) -> str:
    """Why no invitation can go out for the Jam now, in the host's words; "" when one can.

    An invitation tells guests when the sessions are and asks about those to come: with no
    session, or with every session over, it would have nothing to say.
    """
    sessions = jam.sessions.all()
    if not sessions:
        return _("Add a session first: the invitation tells guests when it is.")
    now = now or timezone.now()
    if all(session.is_over_at(now) for session in sessions):
        return _(
            "Every session of this Jam is over, so an invitation would have nothing to ask "
            "about. Add a new session first."
        )
    return ""
