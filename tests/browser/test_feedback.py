"""Closing feedback on a phone: from a guest's page with htmx, then on the team's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from planning.guests.tokens import guest_link_token
from sessions.feedback.models import Feedback
from tests.browser.conftest import (
    check_page,
    new_phone_page,
)
from tests.factories import (
    TEST_PASSWORD,
    GuestFactory,
    JamFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_guest_gives_feedback_and_the_team_reads_it(live_server, browser):
    host = UserFactory(email="host@example.test", name="Amina")
    jam = JamFactory(host=host, name="Healing Together")
    session = SessionFactory(
        jam=jam, number=1, starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=90)
    )
    guest = GuestFactory(jam=jam, name="Wanjiru")

    page, problems = new_phone_page(browser)
    page.goto(f"{live_server.url}/i/{guest_link_token(guest)}/")
    box = page.locator(f"#session-{session.key}-feedback")
    expect(box.get_by_role("heading", name="Your feedback")).to_be_visible()
    check_page(page, problems)

    box.get_by_role("button", name="Send my feedback").click()
    expect(page.locator(".error-summary")).to_contain_text("Write at least one answer")
    check_page(page, problems)

    box = page.locator(f"#session-{session.key}-feedback")
    box.get_by_label("One thing I liked").fill("The healing circle.")
    box.get_by_label("One thing to improve next time").fill("More time to talk.")
    box.get_by_role("button", name="Send my feedback").click()
    expect(page.locator(f"#session-{session.key}-feedback [role=status]")).to_contain_text(
        "Thank you!"
    )
    check_page(page, problems)
    assert sorted(Feedback.objects.values_list("text", flat=True)) == [
        "More time to talk.",
        "The healing circle.",
    ]

    # The same browser on the standalone public form is thanked, not asked again.
    page.goto(f"{live_server.url}/q/{session.public_code}/feedback/")
    expect(page.get_by_text("You already shared your feedback")).to_be_visible()
    check_page(page, problems)
    page.context.close()

    # A fresh phone sees the public form; an empty send is answered without JavaScript too.
    page, problems = new_phone_page(browser, java_script_enabled=False)
    page.goto(f"{live_server.url}/q/{session.public_code}/feedback/")
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.locator(".error-summary")).to_contain_text("Write at least one answer")
    answered_without_js = page.content()
    page.context.close()

    # axe needs JavaScript: check that answer in a page that has it.
    page, problems = new_phone_page(browser)
    page.goto(f"{live_server.url}/q/{session.public_code}/feedback/")
    page.set_content(answered_without_js)
    expect(page.locator(".error-summary")).to_contain_text("Write at least one answer")
    check_page(page, problems)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile("^Email")).fill("host@example.test")
    page.get_by_label(re.compile("^Password")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/jams/{jam.slug}/sessions/{session.key}/feedback/")
    expect(page.get_by_role("heading", name="One thing I liked")).to_contain_text("1 answer")
    expect(page.get_by_text("The healing circle.")).to_be_visible()
    check_page(page, problems)
    page.context.close()
