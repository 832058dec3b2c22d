"""How long the review space's pages take with 10 000 reports.

    .venv/bin/python bench/review.py [--reports 10000] [--runs 5]

It needs a migrated database (the one `make run` uses, or DATABASE_URL). The
programme, hosts, Jams and reports it makes are inside a transaction that is
rolled back: nothing is left behind.

Printed for the dashboard, one programme's page (2 500 Jams), the review queue, a
report, the figures, a search and the CSV export: the
median server time over the runs (after one warm-up run each), in milliseconds,
as the Django test client sees it (views, queries, templates; no network), and
the number of queries one request makes.

A rolled-back run leaves its rows behind as dead space until the tables are
vacuumed, and every later run would read through it: the bench vacuums the
tables it writes to before and after its run, so runs compare like with like.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamsessions.settings")

import django

django.setup()

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jamsessions.accounts.models import REVIEWERS_GROUP, User
from planning.models import Jam, Session, jam_slug_for
from reporting.models import Programme, ProgrammeHost, ProgrammeJam, Report, ReportStatus

COUNTRIES = ["KE", "BR", "IN", "ZA", "PH", "MX", "NG", "ID", "CO", "UG"]
FORMATS = ["online", "in_person", "hybrid"]
STATUSES = [ReportStatus.SUBMITTED, ReportStatus.NEEDS_MORE, ReportStatus.ACCEPTED]
WORDS = [
    "rest",
    "garden",
    "healing",
    "joy",
    "solidarity",
    "river",
    "mural",
    "songs",
    "circle",
    "care",
]
HOSTS = 200
PROGRAMMES = 4


BENCH_TABLES = [
    "accounts_user",
    "planning_jam",
    "gatherings_session",
    "reporting_programme",
    "reporting_programmehost",
    "reporting_programmejam",
    "reporting_report",
]


def _make_world(reports: int) -> tuple[User, Programme]:
    reviewer = User.objects.create_user("bench-reviewer@example.invalid", name="Bench Reviewer")
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    programmes = [Programme.objects.create(name=f"Bench programme {n}") for n in range(PROGRAMMES)]
    hosts = User.objects.bulk_create(
        [User(email=f"bench-host{n}@example.invalid", name=f"Bench Host {n}") for n in range(HOSTS)]
    )
    ProgrammeHost.objects.bulk_create(
        [
            ProgrammeHost(programme=programmes[n % PROGRAMMES], email=host.email, user=host)
            for n, host in enumerate(hosts)
        ]
    )
    jams = Jam.objects.bulk_create(
        [
            Jam(
                host=hosts[n % HOSTS],
                name=f"Bench Jam {n}",
                slug=jam_slug_for(f"bench-jam-{n}"),
                objectives="Rest, laugh and heal together.",
                country=COUNTRIES[n % len(COUNTRIES)],
                format=FORMATS[n % len(FORMATS)],
            )
            for n in range(reports)
        ],
        batch_size=2000,
    )
    ProgrammeJam.objects.bulk_create(
        [
            ProgrammeJam(jam=jam, programme=programmes[(n % HOSTS) % PROGRAMMES])
            for n, jam in enumerate(jams)
        ],
        batch_size=2000,
    )
    start = dt.datetime(2025, 1, 6, 15, tzinfo=dt.UTC)
    Session.objects.bulk_create(
        [
            Session(
                jam=jam,
                number=1,
                starts_at=start + dt.timedelta(hours=n),
                duration_minutes=120,
                timezone="UTC",
            )
            for n, jam in enumerate(jams)
        ],
        batch_size=2000,
    )
    Report.objects.bulk_create(
        [
            Report(
                jam=jam,
                name=jam.name,
                session_1_on=dt.date(2024 + n % 3, 1 + n % 12, 1 + n % 28),
                session_2_on=dt.date(2024 + n % 3, 1 + n % 12, 1 + (n + 7) % 28),
                average_attendance=8 + n % 15,
                participant_profile="Young organisers, elders and artists.",
                outcomes=" ".join(WORDS[(n + k) % len(WORDS)] for k in range(40)),
                biggest_takeaway=f"Takeaway {n}: {WORDS[n % len(WORDS)]} matters.",
                space_value=n % 11,
                recommend=(n * 7) % 11,
                status=STATUSES[n % 3],
                submitted_at=start + dt.timedelta(hours=n),
            )
            for n, jam in enumerate(jams)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        for table in BENCH_TABLES:  # as autovacuum would: the planner knows the new rows
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return reviewer, programmes[0]


def _vacuum() -> None:
    """Reclaim what earlier runs left (VACUUM runs outside a transaction)."""
    with connection.cursor() as cursor:
        for table in BENCH_TABLES:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")


def _get(client: Client, url: str):
    """The response, with a streamed body read to the end (the CSV is made as it is read)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _measure(client: Client, url: str, runs: int) -> tuple[float, int]:
    _get(client, url)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        _get(client, url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    results = {}
    _vacuum()
    with transaction.atomic():
        start = time.perf_counter()
        reviewer, programme = _make_world(args.reports)
        setup_s = time.perf_counter() - start
        report = Report.objects.filter(jam__programme_link__programme=programme).first()
        pages = {
            "dashboard": reverse("review:dashboard"),
            "programme": reverse("review:programme", args=[programme.pk]),
            "queue": reverse("review:queue"),
            "report": reverse("review:report", args=[report.pk]),
            "figures": reverse("review:figures"),
            "figures (filtered)": reverse("review:figures") + "?country=KE&year=2025",
            "search": reverse("review:search") + "?q=garden+solidarity",
            "search (rare word)": reverse("review:search") + "?q=takeaway+4242",
            "export (CSV)": reverse("review:export"),
        }
        client = Client()
        client.force_login(reviewer)
        for name, url in pages.items():
            results[name] = _measure(client, url, args.runs)
        transaction.set_rollback(True)
    _vacuum()

    print(
        f"Review space with {args.reports} reports, {HOSTS} hosts, {PROGRAMMES} programmes "
        f"(made in {setup_s:.1f} s): median of {args.runs} runs"
    )
    for name, (ms, queries) in results.items():
        print(f"  {name:<20} {ms:8.1f} ms  {queries:3d} queries")


if __name__ == "__main__":
    main()
