"""Closing feedback: when it is open, giving it (paced, anonymous), what the team reads of
it, and the feedback part shown on the question box and the guest's page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from jamsessions.pace import Cap, CapReached, pace_take
from planning.models import Jam, Session
from sessions.feedback.forms import FeedbackForm
from sessions.feedback.models import Feedback, FeedbackPrompt

OPEN_DAYS_AFTER_END = 7


# A room finishing at once sends its forms within a minute or two: more than this many
# forms in the current and the previous minute is a script, not a room.
PACE_LIMIT = 40


PACE_WINDOW = dt.timedelta(minutes=1)


# Counted per session and clock minute by the project's flood caps; only the count is kept.
FEEDBACK_PACE = Cap("feedback", limit=PACE_LIMIT, window=PACE_WINDOW)


def feedback_window(session: Session) -> tuple[dt.datetime, dt.datetime]:
    """When feedback opens (the session's start) and closes (a week after its end)."""
    return session.starts_at, session.ends_at + dt.timedelta(days=OPEN_DAYS_AFTER_END)


def feedback_window_open(session: Session, now: dt.datetime) -> bool:
    opens_at, closes_at = feedback_window(session)
    return opens_at <= now < closes_at


def _on_session_clock(session: Session, moment: dt.datetime) -> str:
    """“Monday 12 May 2031 at 18:00 (Africa/Nairobi)”, on the session's own clock, as the
    agenda pages write it."""
    local = moment.astimezone(session.zone)
    return _("%(date)s at %(time)s (%(zone)s)") % {
        "date": formats.date_format(local, "l j F Y"),
        "time": formats.time_format(local, "H:i"),
        "zone": session.timezone,
    }


def feedback_window_message(session: Session, now: dt.datetime) -> str:
    """Why feedback cannot be given now, or an empty string while it can."""
    opens_at, closes_at = feedback_window(session)
    if now < opens_at:
        return _("Feedback opens when the session starts, on %(when)s.") % {
            "when": _on_session_clock(session, opens_at)
        }
    if now >= closes_at:
        return _(
            "Feedback for this session closed on %(when)s, a week after it ended. "
            "Thank you to everyone who shared theirs."
        ) % {"when": _on_session_clock(session, closes_at)}
    return ""


def feedback_window_status(session: Session, now: dt.datetime) -> str:
    """For the team: whether participants can give feedback now, and until or from when."""
    message = feedback_window_message(session, now)
    if message:
        return message
    return _("Open to participants until %(when)s, a week after the session ends.") % {
        "when": _on_session_clock(session, feedback_window(session)[1])
    }


def feedback_give(session: Session, answers: dict[str, str], now: dt.datetime) -> list[Feedback]:
    """Keep one anonymous row per prompt answered; at least one answer, none too long.

    ``answers`` maps a prompt (``FeedbackPrompt`` or its value) to what was written;
    other keys are ignored. Raises ``ValidationError`` when the window is closed,
    nothing was written, or an answer is too long (then keyed by its prompt).
    """
    closed = feedback_window_message(session, now)
    if closed:
        raise ValidationError(closed, code="closed")
    texts = {prompt: (answers.get(prompt) or "").strip() for prompt in FeedbackPrompt.values}
    too_long = {
        prompt: ValidationError(
            _("Write at most %(limit)d characters (you wrote %(length)d).")
            % {"limit": Feedback.TEXT_MAX_LENGTH, "length": len(text)},
            code="max_length",
        )
        for prompt, text in texts.items()
        if len(text) > Feedback.TEXT_MAX_LENGTH
    }
    if too_long:
        raise ValidationError(too_long)
    rows = [
        Feedback(session=session, prompt=prompt, text=text)
        for prompt, text in texts.items()
        if text
    ]
    if not rows:
        raise ValidationError(
            _("Write at least one answer: something you learned, liked, or would improve."),
            code="empty",
        )
    with transaction.atomic():
        try:
            pace_take((FEEDBACK_PACE, str(session.pk)), now=now)
        except CapReached as busy:
            raise ValidationError(
                _(
                    "Many forms reached this session in the last minute, so we are holding "
                    "new ones back for a moment. Please send yours again in a minute: what "
                    "you wrote is still here."
                ),
                code="busy",
            ) from busy
        return Feedback.objects.bulk_create(rows)


@dataclass(frozen=True)
class FeedbackGroup:
    """The answers to one prompt, newest first."""

    prompt: FeedbackPrompt
    texts: list[str]

    @property
    def label(self) -> str:
        return self.prompt.label

    @property
    def count(self) -> int:
        return len(self.texts)


def _grouped(feedback: QuerySet[Feedback]) -> list[FeedbackGroup]:
    texts: dict[str, list[str]] = {prompt: [] for prompt in FeedbackPrompt.values}
    for prompt, text in feedback.order_by("-given_on", "-pk").values_list("prompt", "text"):
        texts.setdefault(prompt, []).append(text)
    return [FeedbackGroup(prompt=prompt, texts=texts[prompt.value]) for prompt in FeedbackPrompt]


def feedback_grouped(session: Session) -> list[FeedbackGroup]:
    """Per prompt, in the toolkit's order, what was written, newest first (one query)."""
    return _grouped(Feedback.objects.filter(session=session))


def feedback_grouped_for_jam(jam: Jam) -> list[FeedbackGroup]:
    """The same over all the Jam's sessions, as material for its report (one query)."""
    return _grouped(Feedback.objects.filter(session__jam=jam))


GIVEN_COOKIE_PREFIX = "feedback_given_"


GIVEN_COOKIE_SALT = "sessions.feedback.given"


def _given_cookie_name(session: Session) -> str:
    return f"{GIVEN_COOKIE_PREFIX}{session.pk}"


def feedback_given_sessions(request) -> frozenset[int]:
    """The ids of the sessions this browser already gave feedback for (its signed cookies)."""
    given = set()
    for name in request.COOKIES:
        if not name.startswith(GIVEN_COOKIE_PREFIX):
            continue
        pk = name.removeprefix(GIVEN_COOKIE_PREFIX)
        if pk.isdigit() and request.get_signed_cookie(name, None, salt=GIVEN_COOKIE_SALT) == pk:
            given.add(int(pk))
    return frozenset(given)


def feedback_given(request, session: Session) -> bool:
    return session.pk in feedback_given_sessions(request)


def feedback_remember_given(response, session: Session, now: dt.datetime) -> None:
    """Let this browser remember, until the window closes, that it gave feedback here."""
    _, closes_at = feedback_window(session)
    seconds = max(int((closes_at - now).total_seconds()), 0) + 24 * 60 * 60
    response.set_signed_cookie(
        _given_cookie_name(session),
        str(session.pk),
        salt=GIVEN_COOKIE_SALT,
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@dataclass(frozen=True)
class FeedbackBox:
    """The feedback part of a page (``templates/sessions/feedback/_box.html``).

    The same part shows on the question box (``/q/<code>/``) and under each
    session of a guest's page; ``dom_id`` keeps its ids apart there.
    """

    session: Session
    url: str
    form: FeedbackForm
    phase: str  # "not_yet", "open" or "closed"
    window_message: str
    closes_on: str
    dom_id: str = "feedback"
    heading_level: int = 2
    given: bool = False
    thanks: bool = False

    @property
    def is_open(self) -> bool:
        return self.phase == "open"

    @property
    def shows_form(self) -> bool:
        """The form, while open; or, once sent with a problem, to keep what was typed."""
        if self.thanks or self.given:
            return False
        return self.is_open or self.form.is_bound


def _phase(session: Session, now: dt.datetime) -> str:
    opens_at, closes_at = feedback_window(session)
    if now < opens_at:
        return "not_yet"
    return "open" if now < closes_at else "closed"


def feedback_box(
    session: Session,
    *,
    now: dt.datetime,
    url: str,
    dom_id: str = "feedback",
    heading_level: int = 2,
    data=None,
    given: bool = False,
) -> FeedbackBox:
    """The feedback part for a session at ``now``; ``data`` binds the form to what was sent."""
    return FeedbackBox(
        session=session,
        url=url,
        form=FeedbackForm(data, auto_id=f"{dom_id}-%s"),
        phase=_phase(session, now),
        window_message=feedback_window_message(session, now),
        closes_on=_on_session_clock(session, feedback_window(session)[1]),
        dom_id=dom_id,
        heading_level=heading_level,
        given=given,
    )


def feedback_box_submit(box: FeedbackBox, *, now: dt.datetime) -> FeedbackBox:
    """Check the bound form and keep the feedback; the box to show back.

    A browser that already gave is thanked again without saving twice; a problem
    (nothing written, too long, the window closed) comes back on the form with the
    text kept; saved feedback comes back as a thank-you.
    """
    if box.given:
        return box
    form = box.form
    if form.is_valid():
        try:
            feedback_give(box.session, form.answers, now)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return replace(box, thanks=True)
    return box


def feedback_box_context(*, session: Session, now: dt.datetime, request=None) -> dict:
    """What the question box page (``/q/<code>/``) merges in to show the feedback part.

    Pass ``request`` so a browser that already gave sees a thank-you instead of the form.
    """
    url = reverse("feedback:give", kwargs={"code": session.public_code})
    given = request is not None and feedback_given(request, session)
    return {"feedback": feedback_box(session, now=now, url=url, given=given)}


def feedback_thanks_text() -> str:
    return _("Thank you! Your feedback is saved, with no name attached.")


def feedback_already_text() -> str:
    return _("You already shared your feedback for this session — thank you.")
