"""Reporting's rules, person by person: the host submits, authors keep their journal
entries (the host may remove any), reviewers read."""

import pytest
from django.contrib.auth.models import AnonymousUser

from reporting import rules
from tests.factories import JournalEntryFactory, ReportFactory, TeamMemberFactory, UserFactory
from tests.reporting.review_helpers import make_reviewer

pytestmark = pytest.mark.django_db


def test_only_the_host_submits_the_report(jam, host):
    report = ReportFactory(jam=jam)
    member = TeamMemberFactory(jam=jam, role="facilitator").user

    assert rules.can_submit_report(host, report)
    assert not rules.can_submit_report(member, report)
    assert not rules.can_submit_report(make_reviewer(), report)


def test_a_journal_entry_is_its_authors_and_the_host_may_remove_it(jam, host):
    author = TeamMemberFactory(jam=jam, role="facilitator").user
    other = TeamMemberFactory(jam=jam, role="note_taker").user
    entry = JournalEntryFactory(jam=jam, author=author)

    assert rules.can_edit_journal_entry(entry=entry, user=author)
    assert not rules.can_edit_journal_entry(entry=entry, user=host)
    assert not rules.can_edit_journal_entry(entry=entry, user=other)
    assert rules.can_delete_journal_entry(entry=entry, jam=jam, user=author)
    assert rules.can_delete_journal_entry(entry=entry, jam=jam, user=host)
    assert not rules.can_delete_journal_entry(entry=entry, jam=jam, user=other)


def test_reviewers_are_the_reviewers_group_signed_in():
    assert rules.is_reviewer(make_reviewer())
    assert not rules.is_reviewer(UserFactory())
    assert not rules.is_reviewer(AnonymousUser())
