"""Helpers for the review space's tests: reviewers, their clients, many reports at once."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth.models import Group
from django.test import Client

from jamsessions.accounts.models import REVIEWERS_GROUP
from planning.models import Jam, jam_slug_for
from reporting.models import Programme, ProgrammeJam, Report, ReportStatus
from tests.factories import UserFactory


def make_reviewer(email: str = "reviewer@example.test"):
    user = UserFactory(email=email, name="Rita Reviewer")
    user.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


_counter = itertools.count()


def bulk_reports(count: int, *, programme: Programme | None = None, host=None) -> list[Report]:
    """Many submitted reports quickly: Jams and reports with bulk_create (and programme links)."""
    host = host or UserFactory()
    countries = ["KE", "BR", "IN", "ZA", "PH"]
    formats = ["online", "in_person", "hybrid"]
    jams = []
    for index in range(count):
        number = next(_counter)
        jams.append(
            Jam(
                host=host,
                name=f"Bulk Jam {number}",
                slug=jam_slug_for(f"bulk-{number}"),
                objectives="Rest.",
                country=countries[index % len(countries)],
                format=formats[index % len(formats)],
            )
        )
    jams = Jam.objects.bulk_create(jams)
    if programme is not None:
        ProgrammeJam.objects.bulk_create(
            [ProgrammeJam(jam=jam, programme=programme) for jam in jams]
        )
    statuses = [ReportStatus.SUBMITTED, ReportStatus.NEEDS_MORE, ReportStatus.ACCEPTED]
    reports = [
        Report(
            jam=jam,
            name=jam.name,
            session_1_on=dt.date(2024 + index % 3, 5, 1),
            average_attendance=10 + index % 7,
            outcomes=f"Outcome number {index}: gardens and rest.",
            space_value=index % 11,
            recommend=(index * 3) % 11,
            status=statuses[index % 3],
            submitted_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=index),
        )
        for index, jam in enumerate(jams)
    ]
    return Report.objects.bulk_create(reports)
