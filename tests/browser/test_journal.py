"""The journal in a real browser at 360 px: write an entry, get an error, delete; axe on each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from reporting.models import JournalEntry
from tests.browser.conftest import (
    check_page,
)
from tests.factories import TEST_PASSWORD, JamFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone_page(page_and_problems):
    return page_and_problems


def test_host_keeps_a_journal_on_a_phone(live_server, phone_page):
    page, problems = phone_page
    host = UserFactory(email="host@example.test", name="Amina")
    jam = JamFactory(host=host, name="Healing Together")
    SessionFactory(jam=jam, number=1, starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("^Email address")).fill(host.email)
    page.get_by_label(re.compile("^Password")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{base}/jams/{jam.slug}/journal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal")
    check_page(page, problems)

    # A date the server cannot read: the error summary, with the text kept.
    page.get_by_label(re.compile("^What surprised me")).fill("Everyone stayed late.")
    page.get_by_label(re.compile("^Date")).evaluate("input => input.type = 'text'")
    page.get_by_label(re.compile("^Date")).fill("yesterday")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_role("alert")).to_contain_text("like 2026-03-14")
    expect(page.get_by_label(re.compile("^What surprised me"))).to_have_value(
        "Everyone stayed late."
    )
    check_page(page, problems)

    page.get_by_label(re.compile("^Date")).fill("2026-03-14")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_text("Your journal entry is saved.")).to_be_visible()
    expect(page.get_by_text("Everyone stayed late.")).to_be_visible()
    check_page(page, problems)
    assert JournalEntry.objects.get(jam=jam).surprised == "Everyone stayed late."

    page.get_by_role("link", name=re.compile("^Delete")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Delete the entry of 14 March 2026"
    )
    check_page(page, problems)
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("No entries yet")).to_be_visible()
    assert not JournalEntry.objects.exists()
