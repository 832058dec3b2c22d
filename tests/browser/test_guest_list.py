"""The host's guest list on a phone: paste guests, fix a bad line, see answers, emails and needs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from jamsessions.actions.jams import jam_create
from planning.enums import GenderIdentity, MessageKind, MessageStatus, RsvpAnswer
from planning.models import Guest, GuestMessage
from tests.browser.conftest import (
    check_page,
    sign_in,
)
from tests.factories import GuestFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_host_pastes_guests_fixes_a_line_and_reads_the_list(live_server, page, page_problems):
    host = UserFactory(email="host@example.test", name="Amina")
    jam = jam_create(
        host=host,
        details={"name": "Healing Together", "objectives": "Rest and heal.", "format": "online"},
        starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=20),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )
    session = jam.sessions.get()
    for n in range(3):
        guest = GuestFactory(
            jam=jam,
            name=f"Woman {n}",
            needs="A quiet corner" if n == 0 else "",
            needs_anonymous=True,
            profile_consented_at=dt.datetime.now(dt.UTC),
            gender=GenderIdentity.WOMAN,
        )
        RsvpFactory(guest=guest, session=session, answer=RsvpAnswer.YES)
    GuestMessage.objects.create(
        jam=jam,
        guest=guest,
        kind=MessageKind.INVITATION,
        key="invitation:1",
        status=MessageStatus.FAILED,
        attempts=5,
        last_error="Mailbox unavailable",
    )
    base = live_server.url

    sign_in(page, base, host.email)
    page.goto(f"{base}/jams/{jam.slug}/guests/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Guests")
    check_page(page, page_problems)

    page.get_by_label(re.compile("^Guests, one per line")).fill(
        "Ana Lima, ana@example.org\njust a name\nBruno <bruno@example.org>"
    )
    page.get_by_role("button", name="Add these guests").click()
    expect(page.get_by_text("2 guests added to the list.")).to_be_visible()
    expect(page.get_by_text(re.compile("Line 2, “just a name”"))).to_be_visible()
    expect(page.get_by_label(re.compile("^Guests, one per line"))).to_have_value("just a name")
    check_page(page, page_problems)

    page.get_by_label(re.compile("^Guests, one per line")).fill("Chidi, chidi@example.org")
    page.get_by_role("button", name="Add these guests").click()
    expect(page.get_by_text("1 guest added to the list.")).to_be_visible()
    assert Guest.objects.filter(jam=jam).count() == 6

    page.get_by_label("Name", exact=True).fill("Ana again")
    page.get_by_label(re.compile("^Email address")).fill("ana@example.org")
    page.get_by_role("button", name="Add to the list").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_page(page, page_problems)

    page.goto(f"{base}/jams/{jam.slug}/accessibility/")
    expect(page.get_by_text("A guest (name not shared)")).to_be_visible()
    check_page(page, page_problems)


def test_host_sees_emails_that_wait_or_may_not_have_gone_out_and_sends_one_again(
    live_server, page, page_problems
):
    host = UserFactory(email="host@example.test", name="Amina")
    jam = jam_create(
        host=host,
        details={"name": "Healing Together", "objectives": "Rest and heal.", "format": "online"},
        starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=20),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    for name, status in (("Waiting Wanjiru", MessageStatus.QUEUED), ("Unsure Umar", "sending")):
        guest = GuestFactory(jam=jam, name=name, invited_at=long_ago)
        message = GuestMessage.objects.create(
            jam=jam,
            guest=guest,
            kind=MessageKind.INVITATION,
            key="invitation:1",
            status=status,
            attempts=1,
            sending_at=long_ago if status == "sending" else None,
        )
        GuestMessage.objects.filter(pk=message.pk).update(created_at=long_ago)
    base = live_server.url

    sign_in(page, base, host.email)
    page.goto(f"{base}/jams/{jam.slug}/guests/")
    expect(
        page.get_by_role("heading", name="Emails waiting longer than they should")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Emails that may not have gone out")).to_be_visible()
    expect(page.get_by_role("link", name="May not have gone out")).to_be_visible()
    check_page(page, page_problems)

    page.get_by_role("button", name="Send it again to Unsure Umar").click()
    expect(page.get_by_text("We are sending the email to Unsure Umar again.")).to_be_visible()
    check_page(page, page_problems)
