"""A guest on a phone, with one session over and two to come, sees the next one first."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from planning.guests.tokens import guest_link_token
from planning.models import Rsvp
from tests.browser.conftest import check_page, new_phone_page
from tests.factories import GuestFactory, JamFactory, RsvpFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_guest_sees_the_next_session_first_and_answers_it(live_server, browser):
    jam = JamFactory(host=UserFactory(email="host@example.test"), name="Healing Together")
    today = dt.datetime.now(dt.UTC).replace(hour=15, minute=0, second=0, microsecond=0)
    past, following, next_one = (
        SessionFactory(jam=jam, number=number, starts_at=today + dt.timedelta(days=days))
        for number, days in ((1, -4), (3, 10), (2, 3))
    )
    guest = GuestFactory(jam=jam, name="Wanjiru")

    page, problems = new_phone_page(browser)
    page.goto(f"{live_server.url}/i/{guest_link_token(guest)}/")

    cards = page.locator("article.guest-session")
    expect(cards.first).to_have_id(f"session-{next_one.key}")
    ids = cards.evaluate_all("cards => cards.map(card => card.id)")
    assert ids == [f"session-{key}" for key in (next_one.key, following.key, past.key)]
    past_sessions = page.locator("details#past-sessions")
    expect(past_sessions.locator("summary")).to_have_text("Past sessions (1)")
    expect(past_sessions).not_to_have_attribute("open", "")
    expect(past_sessions.locator(f"#session-{past.key}")).to_be_hidden()
    expect(page.locator(f"#session-{past.key}-rsvp form")).to_have_count(0)
    check_page(page, problems)

    answer = page.locator(f"#session-{next_one.key}-rsvp")
    answer.get_by_label("Yes, I will come").check()
    answer.get_by_role("button", name="Save my answer").click()
    expect(
        page.locator(f"#session-{next_one.key}-rsvp").get_by_text(
            "your answer for Session 2 is saved"
        )
    ).to_be_visible()
    check_page(page, problems)

    assert list(Rsvp.objects.filter(guest=guest).values_list("session_id", "answer")) == [
        (next_one.pk, "yes")
    ]


def test_a_guest_who_came_is_asked_for_feedback_and_the_link_opens_the_past_session(
    live_server, browser
):
    jam = JamFactory(host=UserFactory(email="host@example.test"), name="Healing Together")
    today = dt.datetime.now(dt.UTC).replace(hour=15, minute=0, second=0, microsecond=0)
    past = SessionFactory(jam=jam, number=1, starts_at=today - dt.timedelta(days=2))
    SessionFactory(jam=jam, number=2, starts_at=today + dt.timedelta(days=5))
    guest = GuestFactory(jam=jam, name="Wanjiru")
    RsvpFactory(guest=guest, session=past, answer="yes")

    page, problems = new_phone_page(browser)
    page.goto(f"{live_server.url}/i/{guest_link_token(guest)}/")
    past_sessions = page.locator("details#past-sessions")
    expect(past_sessions).not_to_have_attribute("open", "")

    page.get_by_role("link", name="How was Session 1? Tell the team, anonymously").click()

    feedback = page.locator(f"#session-{past.key}-feedback")
    expect(feedback.get_by_role("button", name="Send my feedback")).to_be_visible()
    expect(feedback.get_by_role("heading", name="Your feedback")).to_be_in_viewport()
    check_page(page, problems)
