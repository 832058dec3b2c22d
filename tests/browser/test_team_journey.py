"""A host brings a facilitator onto the team, who joins from the email and ticks off a task;
a member whose role changes nothing finds every page readable, without controls."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from jamsessions.actions.jams import jam_create
from planning.enums import TeamRole
from planning.models import Task, TeamMember
from sessions.day.services import attendance_mark, note_save, walk_in_add
from sessions.run.services import run_change
from tests.browser.conftest import (
    check_page,
    new_phone_page,
    sign_in,
    sign_in_as,
)
from tests.factories import (
    TEST_PASSWORD,
    AgendaItemFactory,
    GuestFactory,
    MaterialFactory,
    QuestionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

MEMBER_EMAIL = "lina@example.test"


def test_host_invites_a_facilitator_who_joins_and_ticks_a_task(
    live_server, browser, page, page_problems, mailoutbox, settings
):
    settings.SITE_URL = live_server.url  # the emailed links lead to the server under test
    host = UserFactory(email="host@example.test", name="Amina")
    jam = jam_create(
        host=host,
        details={"name": "Healing Together", "objectives": "Rest and heal.", "format": "online"},
        starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=20),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )
    base = live_server.url

    # The host invites Lina as facilitator.
    sign_in(page, base, host.email)
    page.goto(f"{base}/jams/{jam.slug}/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organising team")
    check_page(page, page_problems)
    page.get_by_label(re.compile("^Their email address")).fill(MEMBER_EMAIL)
    page.get_by_label("Facilitator", exact=True).check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(MEMBER_EMAIL).first).to_be_visible()
    check_page(page, page_problems)

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/team/join/\S+/", mailoutbox[0].body).group(0)

    # Lina opens the link on her phone, creates an account, and joins.
    member_page, member_problems = new_phone_page(browser)
    member_page.goto(link)
    expect(member_page.get_by_text("Healing Together").first).to_be_visible()
    check_page(member_page, member_problems)
    member_page.locator("#main").get_by_role("link", name="Create an account").click()
    member_page.get_by_label(re.compile("^Name")).first.fill("Lina")
    member_page.get_by_label(re.compile("^Email address")).fill(MEMBER_EMAIL)
    member_page.get_by_label(re.compile("^Password$|^Password ")).first.fill(TEST_PASSWORD)
    member_page.get_by_label(re.compile("^Password again")).fill(TEST_PASSWORD)
    member_page.get_by_role("button", name="Create my account").click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_page(member_page, member_problems)
    # The emailed link confirms her address and brings her back to the invitation.
    assert len(mailoutbox) == 2
    finish = re.search(r"https?://\S+/accounts/login/link/\S+", mailoutbox[1].body).group(0)
    member_page.goto(finish)
    member_page.get_by_role("button", name="Confirm and sign in").click()
    expect(member_page.get_by_role("button", name="Join the team")).to_be_visible()
    check_page(member_page, member_problems)
    member_page.get_by_role("button", name="Join the team").click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Healing Together")
    check_page(member_page, member_problems)
    assert TeamMember.objects.filter(jam=jam, user__email=MEMBER_EMAIL, role="facilitator").exists()

    # She ticks off a task on the roadmap, without a page reload.
    task = Task.objects.filter(jam=jam, template_key="agenda").get()
    member_page.goto(f"{base}/jams/{jam.slug}/roadmap/")
    check_page(member_page, member_problems)
    member_page.get_by_role("button", name=f"Mark as done: {task.title}").click()
    row = member_page.locator(f"#task-{task.pk}")
    expect(row).to_have_class(re.compile("task-done"))
    expect(row.get_by_text("Done", exact=True)).to_be_visible()
    check_page(member_page, member_problems)
    task.refresh_from_db()
    assert task.done_by.email == MEMBER_EMAIL
    member_page.context.close()


def test_a_member_whose_role_changes_nothing_reads_every_page(live_server, page, page_problems):
    host = UserFactory(email="host@example.test", name="Amina")
    jam = jam_create(
        host=host,
        details={"name": "Healing Together", "objectives": "Rest and heal.", "format": "online"},
        starts_at=dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=5),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )
    session = jam.sessions.get()
    welcome = AgendaItemFactory(session=session, position=0, title="Welcome circle")
    AgendaItemFactory(session=session, position=1, title="Visioning")
    note_save(welcome, "Everyone said one word.", 0, host)
    run_change(action="start", session=session, now=session.starts_at)
    QuestionFactory(session=session, text="Can we meet again next month?")
    attendance_mark(session, GuestFactory(jam=jam, name="Bea Otieno"), True)
    GuestFactory(jam=jam, name="Chidi Okafor")
    walk_in_add(session, "Mei")
    MaterialFactory(jam=jam, name="Cushions", ready=True)
    photographer = TeamMemberFactory(
        jam=jam, role=TeamRole.OTHER, custom_role="Photographer", permissions=[]
    ).user
    sign_in_as(page, live_server, photographer)
    base = f"{live_server.url}/jams/{jam.slug}"
    session_base = f"{base}/sessions/{session.key}"

    for address, shown in (
        (f"{base}/", "Healing Together"),
        (f"{base}/roadmap/", "Plan the agenda and the activities"),
        (f"{base}/materials/", "Cushions"),
        (f"{base}/housekeeping/", "Our rules, in the order we read them"),
        (f"{base}/accessibility/", "Recommendations"),
        (f"{base}/vision/", "Our vision"),
        (f"{session_base}/", "Welcome circle"),
        (f"{session_base}/run/", "Can we meet again next month?"),
        (f"{session_base}/attendance/", "Bea Otieno"),
        (f"{session_base}/notes/", "Everyone said one word."),
    ):
        page.goto(address)
        expect(page.locator("#main").get_by_text(shown).first).to_be_visible()
        main = page.locator("#main")
        # Nothing to press but links: no form asks for what the role may not do.
        assert main.locator("form[method=post]").count() == 0, address
        check_page(page, page_problems)
