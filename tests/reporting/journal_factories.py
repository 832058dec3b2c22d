"""Factories for the journal (kept apart from the report and review engineers' factories)."""

import datetime as dt

import factory

from reporting.models import JournalEntry
from tests.factories import JamFactory


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    jam = factory.SubFactory(JamFactory)
    author = factory.LazyAttribute(lambda entry: entry.jam.host)
    written_on = factory.LazyFunction(dt.date.today)
    to_do_today = factory.Sequence(lambda n: f"Call the venue about chairs ({n})")
