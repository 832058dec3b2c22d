"""Factories for reports, reviews and journal entries (the reporting app)."""

import factory

from tests.factories import JamFactory


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reporting.Report"

    jam = factory.SubFactory(JamFactory)
    name = factory.LazyAttribute(lambda report: report.jam.name)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reporting.Review"

    report = factory.SubFactory(ReportFactory)
    decision = "needs_more"
    comment = "Tell us more about who came."
