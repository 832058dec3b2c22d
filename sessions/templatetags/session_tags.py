"""For the pages that list sessions: who may do what (``sessions.rules``), so a page shows
an action only to whoever may take it, and which sessions go ahead.

``{% load session_tags %}{% if user|can_cancel_sessions:jam %}…{% endif %}``
"""

from __future__ import annotations

from django import template

from planning.models import sessions_going_ahead
from sessions import rules

register = template.Library()


@register.filter
def can_cancel_sessions(user, jam) -> bool:
    return rules.can_cancel_sessions(user, jam)


@register.filter
def going_ahead(sessions) -> list:
    """The sessions among these that are not cancelled (``sessions_going_ahead``)."""
    return sessions_going_ahead(sessions)
