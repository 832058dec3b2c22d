"""Finding a session by its key, for someone on its Jam's team (a removed one says so), and
what a session holds and who may know of it: whether it can be deleted or only cancelled."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from planning.models import Guest, GuestMessage, Jam, Rsvp, Session
from planning.rules import permissions_of
from sessions.agenda.models import AgendaItem
from sessions.box.models import Question
from sessions.day.models import Attendance, ItemNote
from sessions.feedback.models import Feedback
from sessions.run.models import RunState


class SessionRemoved(Http404):
    """The address names a session the Jam no longer has: it was removed since the page
    that asked was made. Still a 404 wherever it is not answered (``sessions.schedule.removed``)."""

    def __init__(self, jam: Jam):
        super().__init__("This session was removed.")
        self.jam = jam


def session_get(*, user, slug: str, key: str) -> Session:
    """A session of a Jam this user hosts or organises, by its own key (one query).

    404 when the Jam is not one of theirs; ``SessionRemoved`` when it is but has no
    session with that key (any more). Never another session of the Jam.
    """
    session = (
        Session.objects.for_member(user)
        .select_related("jam")
        .filter(jam__slug=slug, key=key)
        .first()
    )
    if session is None:
        jam = get_object_or_404(Jam.objects.for_member(user), slug=slug)
        raise SessionRemoved(jam)
    session.jam.can = permissions_of(user, session.jam)
    return session


def _record_names() -> dict[str, str]:
    """What a session can hold, as the team reads it, by the name of its check below."""
    return {
        "holds_answers": _("guests’ answers"),
        "holds_agenda": _("an agenda"),
        "holds_attendance": _("attendance"),
        "holds_notes": _("notes"),
        "holds_questions": _("questions"),
        "holds_feedback": _("feedback"),
        "holds_run": _("a run of the day"),
    }


def session_records(session: Session) -> list[str]:
    """What the session holds, in plain words: guests' answers, its agenda, attendance,
    notes, questions, feedback, its run of the day. Empty when it holds nothing (one query).

    A session holding any of these is never deleted: it is cancelled, and they are kept.
    """
    held = (
        Session.objects.filter(pk=session.pk)
        .annotate(
            holds_answers=Exists(Rsvp.objects.filter(session=OuterRef("pk"))),
            holds_agenda=Exists(AgendaItem.objects.filter(session=OuterRef("pk"))),
            holds_attendance=Exists(Attendance.objects.filter(session=OuterRef("pk"))),
            holds_notes=Exists(
                ItemNote.objects.filter(item__session=OuterRef("pk")).exclude(text="")
            ),
            holds_questions=Exists(Question.objects.filter(session=OuterRef("pk"))),
            holds_feedback=Exists(Feedback.objects.filter(session=OuterRef("pk"))),
            holds_run=Exists(
                RunState.objects.filter(session=OuterRef("pk"), started_at__isnull=False)
            ),
        )
        .values(*_record_names())
        .first()
    )
    if held is None:
        return []
    return [name for key, name in _record_names().items() if held[key]]


def session_known_to_guests(session: Session) -> bool:
    """Whether a guest may know of the session: an email about it was recorded, or the
    Jam has guests who were invited or whose personal link the host shares by hand (those
    without an email address). Their invitation and their page list every session."""
    if GuestMessage.objects.filter(session=session).exists():
        return True
    return (
        Guest.objects.filter(jam_id=session.jam_id, erased_at__isnull=True)
        .filter(Q(invited_at__isnull=False) | Q(email=""))
        .exists()
    )
