"""The anonymous question box: participants ask from /q/<code>/, the team sees it live.

A question keeps its session, its text and when it came: nothing that could tell who
asked (no name, no address, no cookie value, no token). Floods are held back twice
without tracking anyone: a cap per session counted in the database, and a cap per
browser kept in that browser's own signed cookie (``browser_posts_*``).
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from dataclasses import dataclass, field

import segno
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from jamsessions.http import site_url
from planning.models import PUBLIC_CODE_ALPHABET, Session
from sessions.box.models import Question, to_the_minute

OPENS_BEFORE = dt.timedelta(hours=1)
CLOSES_AFTER = dt.timedelta(hours=1)

SESSION_LIMIT = 20  # questions per session…
SESSION_WINDOW = dt.timedelta(minutes=1)  # …in this long
BROWSER_LIMIT = 3  # questions from one browser…
BROWSER_WINDOW = dt.timedelta(minutes=1)  # …in this long

MARKS = ("answered", "unanswered", "hide", "show")


class BoxClosed(Exception):
    """The box takes questions from an hour before the session to an hour after it."""

    def __init__(self, window: BoxWindow, now: dt.datetime):
        super().__init__("the question box is closed")
        self.window = window
        self.not_yet = now < window.opens_at


class BoxBusy(Exception):
    """Too many questions reached this session in the last minute."""


# --- The public side -------------------------------------------------------------------


def box_session_get(*, code: str) -> Session:
    """The session whose question box this code opens; 404 for any other code, and while
    the session is cancelled."""
    code = code.lower()
    if not code or len(code) > 16 or any(char not in PUBLIC_CODE_ALPHABET for char in code):
        raise Http404
    session = Session.objects.going_ahead().select_related("jam").filter(public_code=code).first()
    if session is None:
        raise Http404
    return session


@dataclass(frozen=True)
class BoxWindow:
    opens_at: dt.datetime
    closes_at: dt.datetime

    def is_open(self, now: dt.datetime) -> bool:
        return self.opens_at <= now < self.closes_at


def box_window(session: Session) -> BoxWindow:
    return BoxWindow(
        opens_at=session.starts_at - OPENS_BEFORE, closes_at=session.ends_at + CLOSES_AFTER
    )


def question_ask(*, session: Session, text: str, now: dt.datetime) -> Question:
    """Keep a question or comment; only the session, the text and the time are stored.

    Raises ``BoxClosed`` outside the box's hours, ``BoxBusy`` when the session had
    ``SESSION_LIMIT`` questions in the last minute.
    """
    window = box_window(session)
    if not window.is_open(now):
        raise BoxClosed(window, now)
    with transaction.atomic():
        session.lock()
        recent = Question.objects.filter(
            session=session, created_at__gte=session_window_start(now)
        ).count()
        if recent >= SESSION_LIMIT:
            raise BoxBusy
        return Question.objects.create(session=session, text=text)


def session_window_start(now: dt.datetime) -> dt.datetime:
    """The earliest stored time that may lie inside the last ``SESSION_WINDOW``.

    Questions keep only the minute they came in, so the count covers the current clock
    minute and the whole window before it: a flood across a minute's turn is still
    held back, never let through twice.
    """
    return to_the_minute(now) - SESSION_WINDOW


def browser_posts_recent(times: list[int], now: dt.datetime) -> list[int]:
    """The times (Unix seconds) of this browser's posts still inside the window."""
    since = (now - BROWSER_WINDOW).timestamp()
    return [moment for moment in times if since < moment <= now.timestamp() + 5]


def browser_posts_allowed(times: list[int], now: dt.datetime) -> bool:
    return len(browser_posts_recent(times, now)) < BROWSER_LIMIT


def browser_posts_add(times: list[int], now: dt.datetime) -> list[int]:
    return [*browser_posts_recent(times, now), int(now.timestamp())][-BROWSER_LIMIT:]


# --- The team side ---------------------------------------------------------------------


@dataclass
class QuestionBoard:
    """A session's questions as the facilitator's screen shows them."""

    open: list[Question] = field(default_factory=list)
    answered: list[Question] = field(default_factory=list)
    hidden: list[Question] = field(default_factory=list)
    latest_id: int = 0
    fingerprint: str = "0"

    @property
    def shown_count(self) -> int:
        return len(self.open) + len(self.answered)

    def new_since(self, seen: int) -> int:
        """How many questions (hidden ones aside) came after the one with id ``seen``."""
        return sum(1 for question in self.open + self.answered if question.pk > seen)


def question_board(*, session: Session) -> QuestionBoard:
    """Every question of the session, sorted for the screen, in one query."""
    board = QuestionBoard()
    marks = []
    for question in session.questions.order_by("created_at", "pk"):
        if question.hidden_at:
            board.hidden.append(question)
        elif question.answered_at:
            board.answered.append(question)
        else:
            board.open.append(question)
        board.latest_id = max(board.latest_id, question.pk)
        answered = "a" if question.answered_at else ""
        hidden = "h" if question.hidden_at else ""
        marks.append(f"{question.pk}{answered}{hidden}")
    board.open.reverse()  # the newest first: what just came in shows at the top
    board.answered.reverse()
    board.fingerprint = f"{len(marks)}-{zlib.crc32(';'.join(marks).encode()):x}"
    return board


def question_get(*, session: Session, pk: int) -> Question | None:
    """A question of this session; None when gone, 404 when it belongs to another session."""
    question = session.questions.filter(pk=pk).first()
    if question is None and Question.objects.filter(pk=pk).exists():
        raise Http404
    return question


def question_mark(*, question: Question, mark: str, now: dt.datetime) -> Question:
    """Mark a question answered (or not), hide it from the screen, or show it again."""
    if mark == "answered":
        question.answered_at = question.answered_at or now
    elif mark == "unanswered":
        question.answered_at = None
    elif mark == "hide":
        question.hidden_at = question.hidden_at or now
    elif mark == "show":
        question.hidden_at = None
    else:
        raise ValueError(mark)
    question.save(update_fields=["answered_at", "hidden_at"])
    return question


def question_mark_message(*, question: Question, mark: str) -> str:
    return {
        "answered": _("Marked as answered."),
        "unanswered": _("Marked as not answered yet."),
        "hide": _("Hidden from this screen."),
        "show": _("Shown again."),
    }[mark]


# --- The link and its QR code ----------------------------------------------------------


def box_link(session: Session) -> str:
    """The question box's full address, as the QR code and the facilitator's screen show it."""
    return site_url(reverse("box:page", kwargs={"code": session.public_code}))


def box_qr_svg(session: Session) -> bytes:
    """The box's link as a QR code: an SVG of black and white paths, no style attribute."""
    code = segno.make(box_link(session), error="m")
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, omitsize=True, dark="#000", light="#fff", border=2)
    return out.getvalue()
