"""The sessions app's part of a Jam's export (``jamsessions.actions.export`` gathers the
parts): each session's agenda, timed on its own clock, with the notes taken on the day;
the Jam's house rules, accessibility checklist and shared vision; who came; the question
box and the closing feedback. Plain dicts, ready for JSON.

The question box and the feedback are anonymous, and stay so: nothing in them names
anyone. Not the question box's link either: the export is a file that travels. A fixed
number of queries, however long the agendas or however many came.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from jamsessions.downloads import iso_time
from planning.export import session_ref
from planning.models import Jam, Session
from sessions.agenda.models import AgendaItem
from sessions.agenda.timed import agenda_timed
from sessions.box.models import Question
from sessions.day.models import Attendance, ItemNote
from sessions.feedback.models import Feedback
from sessions.space.models import AccessibilityCheck, HouseRule, Vision


def _note_text(item: AgendaItem) -> str:
    try:
        return item.note.text
    except ItemNote.DoesNotExist:
        return ""


def _agendas(jam: Jam, sessions: list[Session]) -> list[dict]:
    items = defaultdict(list)
    for item in (
        AgendaItem.objects.filter(session__jam=jam).select_related("lead__user", "note").in_order()
    ):
        items[item.session_id].append(item)
    agendas = []
    for session in sessions:
        agenda = agenda_timed(session, items[session.pk])
        agendas.append(
            {
                "session": session_ref(session),
                "items": [
                    {
                        "position": position,
                        "starts_at": iso_time(timed.starts_at),
                        "ends_at": iso_time(timed.ends_at),
                        "duration_minutes": timed.item.duration_minutes,
                        "title": timed.item.title,
                        "kind": timed.item.kind,
                        "what_happens": timed.item.content,
                        "objective": timed.item.objective,
                        "sample_practice": timed.item.practice,
                        "led_by": timed.item.lead.user.display_name if timed.item.lead else None,
                        "materials": timed.item.materials,
                        "facilitator_notes": timed.item.facilitator_notes,
                        "notes_on_the_day": _note_text(timed.item),
                    }
                    for position, timed in enumerate(agenda.items, start=1)
                ],
            }
        )
    return agendas


def _vision(jam: Jam) -> dict | None:
    vision = Vision.objects.filter(jam=jam).first()
    if vision is None:
        return None
    return {
        "given_that": vision.given_that,
        "how_might_we": vision.verb,
        "whom": vision.persona,
        "to": vision.goal,
        "and_achieve": vision.outcome,
        "by": vision.opportunity,
        "sentence": str(vision.sentence),
    }


def _attendance(jam: Jam, refs: dict[int, dict]) -> list[dict]:
    marks = (
        Attendance.objects.filter(session__jam=jam)
        .select_related("guest")
        .order_by("session__number", "marked_at", "pk")
    )
    return [
        {
            "session": refs[mark.session_id],
            "guest": mark.guest_id,
            "name": mark.guest.name if mark.guest else mark.walk_in_name,
            "walk_in": mark.guest_id is None,
            "marked_at": iso_time(mark.marked_at),
        }
        for mark in marks
    ]


def _question_box(jam: Jam, refs: dict[int, dict]) -> list[dict]:
    questions = Question.objects.filter(session__jam=jam).order_by(
        "session__number", "created_at", "pk"
    )
    return [
        {
            "session": refs[question.session_id],
            "text": question.text,
            "asked_at": iso_time(question.created_at),
            "answered_at": iso_time(question.answered_at),
            "hidden_at": iso_time(question.hidden_at),
        }
        for question in questions
    ]


def _feedback(jam: Jam, refs: dict[int, dict]) -> list[dict]:
    answers = Feedback.objects.filter(session__jam=jam).order_by("session__number", "prompt", "pk")
    return [
        {
            "session": refs[answer.session_id],
            "prompt": answer.prompt,
            "prompt_text": str(answer.get_prompt_display()),
            "text": answer.text,
            "given_on": answer.given_on.isoformat(),
        }
        for answer in answers
    ]


def jam_sessions_export(*, jam: Jam, sessions: Iterable[Session]) -> dict:
    """What happens in and around the Jam's ``sessions`` (its own, in order)."""
    sessions = list(sessions)
    refs = {session.pk: session_ref(session) for session in sessions}
    return {
        "agendas": _agendas(jam, sessions),
        "housekeeping_rules": [rule.text for rule in HouseRule.objects.filter(jam=jam).in_order()],
        "accessibility_checklist": [
            {"recommendation": check.title, "done": check.done, "note": check.note}
            for check in AccessibilityCheck.objects.filter(jam=jam).in_order()
        ],
        "vision": _vision(jam),
        "attendance": _attendance(jam, refs),
        "question_box": _question_box(jam, refs),
        "feedback": _feedback(jam, refs),
    }
