"""For the pages that list sessions: which of them go ahead.

``{% load session_tags %}{% for session in sessions|going_ahead %}…{% endfor %}``
(Who may do what is ``jam.can``, set by the selector that found the Jam.)
"""

from __future__ import annotations

from django import template

from planning.models import sessions_going_ahead

register = template.Library()


@register.filter
def going_ahead(sessions) -> list:
    """The sessions among these that are not cancelled (``sessions_going_ahead``)."""
    return sessions_going_ahead(sessions)
