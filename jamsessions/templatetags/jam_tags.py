from django import template

from jamsessions.timing import clock_changes as zone_clock_changes
from jamsessions.timing import clock_text

register = template.Library()


@register.filter
def any_errors(forms) -> bool:
    """True when any of the forms has an error, for the error summary."""
    return any(form.errors for form in forms or [])


@register.filter
def as_list(value) -> list:
    """One form as a list of forms, for the error summary."""
    return [value]


@register.filter(expects_localtime=True)
def clock(value, since=None) -> str:
    """A time on its clock: ``{{ session.local_end|clock:session.local_start }}`` gives
    “20:00”, or “02:30 (CET)” where the time alone could be read wrong: in an hour the
    clocks repeat, or after they changed since ``since`` (see ``jamsessions.timing``).
    Inside ``{% localtime off %}`` the value is read in its own zone, as ``date`` does."""
    if not value:
        return ""
    return clock_text(value, since or None)


@register.filter
def clock_changes(start, end) -> tuple:
    """The clock changes of ``start``'s zone from ``start`` to ``end``:
    ``{% for change in session.starts_at|clock_changes:session.ends_at %}{{ change.text }}``."""
    if not start or not end or start.tzinfo is None:
        return ()
    return zone_clock_changes(start.tzinfo, start, end)
