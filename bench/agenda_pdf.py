"""How long a 30-item agenda PDF takes, next to a bare WeasyPrint render of the same text.

    .venv/bin/python bench/agenda_pdf.py [--runs 7]

It needs a migrated database (the one `make run` uses, or DATABASE_URL). The Jam it
renders is made inside a transaction that is rolled back: nothing is left behind.

Printed, in milliseconds, the median over the runs (after one warm-up run each):
- build_agenda_pdf: what /agenda.pdf does (queries, template, stylesheet, tagged PDF/UA-1);
- of which the queries and template alone;
- a bare WeasyPrint render of the same text: a plain HTML string, no template, no
  stylesheet, no tags.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamsessions.settings")

import django

django.setup()
# WeasyPrint logs each rendering step at INFO; the figures are what matters here.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from django.db import transaction
from weasyprint import HTML

from jamsessions.accounts.models import User
from jamsessions.actions.jams import jam_create
from planning.models import Session
from sessions.agenda.models import AgendaItem, ItemKind
from sessions.agenda.pdf import build_agenda_pdf, render_agenda_html
from sessions.agenda.toolkit import activity_library

ITEMS = 30


def _make_session() -> Session:
    host = User.objects.create_user(
        "bench-host@example.invalid", password=None, name="Bench Host Person"
    )
    jam = jam_create(
        host=host,
        details={
            "name": "Bench Jam: healing together",
            "local_name": "Kikao cha Uponyaji",
            "objectives": "Rest, laugh and heal together.",
            "venue": "Jitsi: meet.example.org/bench",
        },
        starts_at=dt.datetime(2031, 3, 14, 6, 0, tzinfo=dt.UTC),
        duration_minutes=12 * 60,
        timezone="Africa/Nairobi",
    )
    session = jam.sessions.get()
    library = activity_library()
    items = []
    for position in range(ITEMS):
        template = library[position % len(library)].item
        kind = ItemKind.BREAK if position % 6 == 5 else ItemKind.ACTIVITY
        items.append(
            AgendaItem(
                session=session,
                position=position,
                duration_minutes=20,
                kind=kind,
                title=f"{template.title} ({position + 1})",
                content=template.content or "We gather in a circle and share one word each.",
                objective=template.objective or "Everyone feels seen and heard.",
                practice=template.practice or "A round of names, then a breath together.",
                facilitator_notes="Watch the quiet ones; offer the chat as another way in.",
            )
        )
    AgendaItem.objects.bulk_create(items)
    return session


def _bare_html(session: Session) -> str:
    """The same words as the agenda PDF, as a plain HTML string with no template."""
    jam = session.jam
    rows = "".join(
        f"<tr><td>{item.duration_minutes} min</td><td><b>{escape(item.title)}</b>"
        f"<p>{escape(item.content)}</p></td><td>{escape(item.objective)}</td>"
        f"<td>{escape(item.practice)}</td></tr>"
        for item in session.agenda_items.order_by("position")
    )
    rules = "".join(f"<li>{escape(rule.text)}</li>" for rule in jam.house_rules.all())
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(jam.name)}</title></head><body><h1>{escape(jam.name)}</h1>"
        f"<p>{escape(jam.local_name)}</p><p>{escape(jam.venue)}</p><table>{rows}</table>"
        f"<ol>{rules}</ol><p>{escape(jam.host.display_name)}, {escape(jam.host.email)}</p>"
        f"</body></html>"
    )


def _median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm-up: fonts, caches, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    with transaction.atomic():
        session = _make_session()
        bare = _bare_html(session)
        pdf = build_agenda_pdf(session=session)
        bare_pdf = HTML(string=bare).write_pdf()

        full_ms = _median_ms(lambda: build_agenda_pdf(session=session), runs)
        template_ms = _median_ms(lambda: render_agenda_html(session=session), runs)
        bare_ms = _median_ms(lambda: HTML(string=bare).write_pdf(), runs)
        transaction.set_rollback(True)

    print(f"Agenda PDF with {ITEMS} items: median of {runs} runs, in milliseconds")
    print(
        f"  build_agenda_pdf (template, CSS, PDF/UA-1 tags)  {full_ms:8.1f}  ({len(pdf) // 1024} KB)"
    )
    print(f"    of which queries and template                  {template_ms:8.1f}")
    print(
        f"  bare WeasyPrint render of the same text          {bare_ms:8.1f}  ({len(bare_pdf) // 1024} KB)"
    )
    print(f"  ratio                                            {full_ms / bare_ms:8.1f}x")


if __name__ == "__main__":
    main()
