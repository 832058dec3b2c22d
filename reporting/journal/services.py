"""A Jam's journal: dated entries by the host or the team, with the toolkit's prompts.

Selectors read (``journal_entry_list``, ``journal_entry_get``, ``journal_today``);
services write (``journal_entry_create``, ``journal_entry_update``,
``journal_entry_delete``) and are the only code that changes an entry.

Who may do what:

- everyone on the team reads every entry, with its author's name;
- each person edits only their own entries;
- each person deletes their own entries; the host may delete any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planning.models import Jam
from reporting.journal.models import JournalEntry
from reporting.rules import can_delete_journal_entry, can_edit_journal_entry

# The toolkit's prompts, in its order, each with the short heading shown above an answer.
PROMPTS = (
    ("to_do_today", gettext_lazy("To do today")),
    ("learned_yesterday", gettext_lazy("Learned from the day before")),
    ("surprised", gettext_lazy("What surprised me")),
    ("why", gettext_lazy("What made it happen")),
    ("missing", gettext_lazy("What and who was missing")),
)
PROMPT_FIELDS = tuple(name for name, _heading in PROMPTS)


# --- Selectors ------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    heading: str
    text: str


@dataclass(frozen=True)
class JournalRow:
    entry: JournalEntry
    answers: list[Answer]
    can_edit: bool
    can_delete: bool

    @property
    def author_name(self) -> str:
        author = self.entry.author
        return author.display_name if author is not None else _("Someone no longer on the team")


def entry_answers(entry: JournalEntry) -> list[Answer]:
    """The prompts this entry answers, each as a short heading and the text; empty ones left out."""
    return [
        Answer(heading=str(heading), text=getattr(entry, name))
        for name, heading in PROMPTS
        if getattr(entry, name).strip()
    ]


def journal_entry_list(*, jam: Jam) -> QuerySet[JournalEntry]:
    """The Jam's entries, newest first, with their authors: one query."""
    return (
        JournalEntry.objects.filter(jam=jam)
        .select_related("author")
        .order_by("-written_on", "-created_at", "-pk")
    )


def journal_rows(*, jam: Jam, user) -> list[JournalRow]:
    """The entries as the page shows them, with what this user may do to each."""
    rows = []
    for entry in journal_entry_list(jam=jam):
        entry.jam = jam
        rows.append(
            JournalRow(
                entry=entry,
                answers=entry_answers(entry),
                can_edit=can_edit_journal_entry(entry=entry, user=user),
                can_delete=can_delete_journal_entry(entry=entry, jam=jam, user=user),
            )
        )
    return rows


def journal_entry_get(*, jam: Jam, pk: int) -> JournalEntry:
    """An entry of this Jam; 404 for an id from anywhere else."""
    entry = get_object_or_404(JournalEntry.objects.select_related("author"), jam=jam, pk=pk)
    entry.jam = jam
    return entry


def _jam_zone(jam: Jam) -> ZoneInfo | None:
    """The zone of the Jam's first session, from its prefetched sessions when there are."""
    first = min(jam.sessions.all(), key=lambda session: session.starts_at, default=None)
    if first is None:
        return None
    try:
        return ZoneInfo(first.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def journal_today(*, jam: Jam, now: dt.datetime | None = None) -> dt.date:
    """Today where the Jam happens (its first session's zone), else the server's today."""
    now = now or timezone.now()
    zone = _jam_zone(jam)
    return now.astimezone(zone).date() if zone else timezone.localdate(now)


# --- Services ----------------------------------------------------------------------


def _answers_only(answers: dict) -> dict:
    unknown = set(answers) - set(PROMPT_FIELDS)
    if unknown:
        raise TypeError(f"Not journal prompts: {sorted(unknown)}")
    return {name: (answers.get(name) or "").strip() for name in PROMPT_FIELDS}


def journal_entry_create(*, jam: Jam, author, written_on: dt.date, **answers) -> JournalEntry:
    """Write a new dated entry in the Jam's journal."""
    return JournalEntry.objects.create(
        jam=jam, author=author, written_on=written_on, **_answers_only(answers)
    )


def journal_entry_update(
    *, entry: JournalEntry, actor, written_on: dt.date, **answers
) -> JournalEntry:
    """Change one's own entry: its date and its answers."""
    if not can_edit_journal_entry(entry=entry, user=actor):
        raise PermissionDenied(_("Only the person who wrote an entry can change it."))
    entry.written_on = written_on
    for name, text in _answers_only(answers).items():
        setattr(entry, name, text)
    entry.save(update_fields=["written_on", *PROMPT_FIELDS, "updated_at"])
    return entry


def journal_entry_delete(*, entry: JournalEntry, jam: Jam, actor) -> None:
    """Delete an entry: one's own, or any as the host."""
    if entry.jam_id != jam.pk or not can_delete_journal_entry(entry=entry, jam=jam, user=actor):
        raise PermissionDenied(_("Only the person who wrote an entry, or the host, can delete it."))
    entry.delete()
