"""Every model of the sessions app, where Django looks for them; each lives in its feature package."""

from sessions.agenda.models import MAX_ITEM_MINUTES, AgendaItem, AgendaTemplate, ItemKind
from sessions.box.models import Question, now_to_the_minute, to_the_minute
from sessions.day.models import Attendance, ItemNote
from sessions.feedback.models import Feedback, FeedbackPrompt
from sessions.run.models import RunState
from sessions.space.models import AccessibilityCheck, HouseRule, Vision

__all__ = [
    "MAX_ITEM_MINUTES",
    "AccessibilityCheck",
    "AgendaItem",
    "AgendaTemplate",
    "Attendance",
    "Feedback",
    "FeedbackPrompt",
    "HouseRule",
    "ItemKind",
    "ItemNote",
    "Question",
    "RunState",
    "Vision",
    "now_to_the_minute",
    "to_the_minute",
]
