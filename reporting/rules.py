"""Who may do what in reporting, as named predicates that views, services and templates ask.

Whose role allows it writes the report and submits it (by default the host submits); everyone on the team keeps the journal, each
their own entries; CIVICUS reviewers read submitted reports and counts, never people.
"""

from __future__ import annotations

from planning.enums import Permission
from planning.models import Jam
from planning.rules import is_host, may
from reporting.models import JournalEntry, Report


def is_reviewer(user) -> bool:
    return user.is_authenticated and user.is_reviewer


def can_submit_report(user, report: Report) -> bool:
    return may(user, report.jam, Permission.SUBMIT_REPORT)


def can_edit_journal_entry(*, entry: JournalEntry, user) -> bool:
    """An entry is its author's to change."""
    return user.is_authenticated and entry.author_id == user.pk


def can_delete_journal_entry(*, entry: JournalEntry, jam: Jam, user) -> bool:
    """The author may delete their entry; the host may delete any."""
    return can_edit_journal_entry(entry=entry, user=user) or is_host(user, jam)
