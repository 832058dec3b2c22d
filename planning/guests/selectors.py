"""Reading a Jam's guests: the list, each one's answers and what they see, the diversity
summary (counts only), the needs to prepare for, and whether an invitation can go out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jamsessions.deletion import Counted, WhatGoes
from planning.enums import AgeRange, GenderIdentity, MessageStatus, Movement, RsvpAnswer
from planning.models import Guest, GuestMessage, Jam, Rsvp, Session, sessions_going_ahead

# The toolkit: five to twenty people works well.
GUESTS_SUGGESTED_MIN = 5


GUESTS_SUGGESTED_MAX = 20


# Groups smaller than this are not shown in the diversity summary: they could name someone.
DIVERSITY_MIN_GROUP = 3


def guest_list(*, jam: Jam) -> QuerySet[Guest]:
    """The Jam's guests, erased ones last, each with ``rsvps`` prefetched: two queries."""
    return (
        Guest.objects.filter(jam=jam)
        .prefetch_related(
            Prefetch("rsvps", queryset=Rsvp.objects.only("guest_id", "session_id", "answer"))
        )
        .order_by(F("erased_at").asc(nulls_first=True), "name", "pk")
    )


def guest_messages_unsent(guest: Guest) -> QuerySet[GuestMessage]:
    """The emails to the guest that did not go out (waiting, half-sent or failed): erasing
    the guest drops them (``guest_erase``)."""
    return guest.messages.exclude(status=MessageStatus.SENT)


def guest_erase_what_goes(guest: Guest) -> WhatGoes:
    """What erasing the guest deletes besides their details, to say before it is done."""
    unsent = guest_messages_unsent(guest).count()
    if not unsent:
        return WhatGoes()
    label = ngettext("email to them that was not sent", "emails to them that were not sent", unsent)
    return WhatGoes(deleted=(Counted(model=GuestMessage, count=unsent, label=label),))


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


def needs_shared(*, jam: Jam, with_names: bool = True) -> list[SharedNeed]:
    """What guests wrote they need to take part, with a name only where the guest allowed it
    and the reader may see needs with names (``Permission.SEE_NEEDS_WITH_NAMES``).

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
    if not with_names:
        rows = [(name, needs, True) for name, needs, _anonymous in rows]
    named = [SharedNeed(text=needs, name=name) for name, needs, anonymous in rows if not anonymous]
    unnamed = sorted(
        (needs for _name, needs, anonymous in rows if anonymous),
        key=lambda text: (text.casefold(), text),
    )
    return named + [SharedNeed(text=text, name="") for text in unnamed]


def session_over_text(session: Session) -> str:
    return _("%(session)s has ended: answers for it can no longer be changed.") % {
        "session": session.label
    }


def session_cancelled_text() -> str:
    return _("This session is cancelled: it will not take place, so it needs no answer.")


def invitation_blocker(jam: Jam, *, now: dt.datetime | None = None) -> str:
    """Why no invitation can go out for the Jam now, in the host's words; "" when one can.

    An invitation tells guests when the sessions are and asks about those to come: with no
    session, or with every session over, it would have nothing to say.
    """
    sessions = sessions_going_ahead(jam.sessions.all())
    if not sessions:
        return _("Add a session first: the invitation tells guests when it is.")
    now = now or timezone.now()
    if all(session.is_over_at(now) for session in sessions):
        return _(
            "Every session of this Jam is over, so an invitation would have nothing to ask "
            "about. Add a new session first."
        )
    return ""
