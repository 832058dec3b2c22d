"""The guest list page: adding and pasting guests, answers, invitations, emails, who may do what."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.enums import (
    AgeRange,
    GenderIdentity,
    MessageKind,
    MessageStatus,
    Movement,
    RsvpAnswer,
    TeamRole,
)
from planning.guests.services import IMPORT_MAX_LINES, guest_erase
from planning.guests.tokens import guest_link_token
from planning.models import Announcement, Guest, GuestMessage
from tests.factories import (
    GuestFactory,
    GuestMessageFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)
from tests.test_page_weight import BUDGET_BYTES, page_weight

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


# What is sent from the guest list has its own addresses (sessions.messages.urls).
SENT_FROM_THE_LIST = {
    "guest_invitations_send": "messages:invitations_send",
    "guest_announcement": "messages:announcement",
    "guest_resend": "messages:invitation_resend",
    "guest_new_link": "messages:guest_new_link",
    "guest_message_retry": "messages:message_retry",
}


def url(name: str, jam, *args) -> str:
    return reverse(SENT_FROM_THE_LIST.get(name, f"planning:{name}"), args=[jam.slug, *args])


def page(client, jam) -> str:
    response = client.get(url("guests", jam))
    assert response.status_code == 200
    return response.content.decode()


def messages_on(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def section(html: str, element_id: str) -> str:
    """The HTML of the <section> with this id, up to the next section or the page's end."""
    start = html.index(f'<section id="{element_id}"')
    ends = [html.find(tag, start + 1) for tag in ("<section", "</main>")]
    return html[start : min((end for end in ends if end != -1), default=len(html))]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member(jam):
    return TeamMemberFactory(
        jam=jam,
        user=UserFactory(email="fatima@example.org", name="Fatima"),
        role=TeamRole.LOGISTICS,
    )


@pytest.fixture
def member_client(member) -> Client:
    return signed_in(member.user)


@pytest.fixture
def three_sessions(jam):
    """The `jam` fixture with sessions 2 and 3 after its first."""
    first = jam.sessions.get()
    for number in (2, 3):
        SessionFactory(
            jam=jam, number=number, starts_at=first.starts_at + dt.timedelta(days=7 * (number - 1))
        )
    return list(jam.sessions.order_by("number"))


# --- The page ---------------------------------------------------------------------------


def test_the_guest_list_is_in_the_jam_navigation(host_client, jam):
    html = host_client.get(url("team", jam)).content.decode()

    assert f'href="{url("guests", jam)}"' in html


def test_an_empty_list_gives_the_toolkits_guidance(host_client, jam):
    html = page(host_client, jam)

    assert "0 guests on the list" in html
    assert "Five to twenty people works well" in html
    assert "a mix of ages, genders, backgrounds and movements" in html
    assert "From the Jam Sessions Toolkit" in html
    assert "Nobody on the list yet" in html


def test_a_short_list_gets_a_gentle_note(host_client, jam):
    GuestFactory.create_batch(3, jam=jam)

    html = page(host_client, jam)

    assert "3 guests on the list" in html
    assert "A Jam works best with at least 5 people" in html


def test_a_long_list_gets_a_gentle_note(host_client, jam):
    GuestFactory.create_batch(21, jam=jam)

    html = page(host_client, jam)

    assert "21 guests on the list" in html
    assert "More than 20 people can make it hard for everyone to be heard" in html


def test_a_list_of_a_good_size_gets_no_note(host_client, jam):
    GuestFactory.create_batch(8, jam=jam)

    html = page(host_client, jam)

    assert "works best with at least" not in html
    assert "More than 20 people" not in html


def test_signed_out_goes_to_sign_in(client, jam):
    response = client.get(url("guests", jam))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Adding one guest -------------------------------------------------------------------


def test_adding_a_guest_stores_them_and_comes_back_to_the_list(host_client, jam, host):
    response = host_client.post(
        url("guest_add", jam), {"name": "  Ana   Lima ", "email": "Ana@Example.org"}, follow=True
    )

    guest = Guest.objects.get(jam=jam)
    assert (guest.name, guest.email, guest.added_by) == ("Ana Lima", "ana@example.org", host)
    assert response.redirect_chain[-1][0] == f"{url('guests', jam)}#guest-{guest.pk}"
    assert "Ana Lima is on the guest list." in messages_on(response)
    row = re.search(rf'<tr id="guest-{guest.pk}".*?</tr>', response.content.decode(), re.S)[0]
    assert "Ana Lima" in row and "ana@example.org" in row and "Not invited yet" in row


def test_adding_a_guest_with_htmx_returns_the_fresh_list(host_client, jam):
    response = host_client.post(
        url("guest_add", jam), {"name": "Ana Lima", "email": "ana@example.org"}, headers=HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="guests">')
    assert "<html" not in html
    assert "Ana Lima is on the guest list." in html
    assert "ana@example.org" in html
    assert "HX-Request" in response["Vary"]


def test_adding_an_address_already_on_the_list_is_refused_and_keeps_what_was_typed(
    host_client, jam
):
    GuestFactory(jam=jam, name="Ana Lima", email="ana@example.org")

    response = host_client.post(
        url("guest_add", jam), {"name": "Ana Two", "email": "ANA@example.org"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "ana@example.org is already on the guest list." in html
    assert 'value="Ana Two"' in html and 'value="ANA@example.org"' in html
    assert Guest.objects.filter(jam=jam).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "Ana", "email": "not-an-address"},
            "Enter an email address like name@example.org.",
        ),
        ({"name": "   ", "email": "ana@example.org"}, "Write the guest’s name."),
        ({"name": "Ana", "email": ""}, "Enter the guest’s email address."),
        ({"name": "A" * 121, "email": "ana@example.org"}, "A name can be at most 120 characters."),
    ],
)
def test_adding_a_guest_with_bad_details_says_what_is_wrong(host_client, jam, data, message):
    response = host_client.post(url("guest_add", jam), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'href="#id_{"email" if "email" in message else "name"}"' in html
    if data["email"]:
        assert f'value="{data["email"]}"' in html
    assert not Guest.objects.filter(jam=jam).exists()


def test_the_add_address_opened_directly_goes_to_the_form(host_client, jam):
    response = host_client.get(url("guest_add", jam))

    assert response["Location"] == f"{url('guests', jam)}#add"


# --- Pasting many -----------------------------------------------------------------------

PASTE = "\n".join(
    [
        "Ana Lima, ana@example.org",
        "Bruno Sá <bruno@example.org>",
        "just a name",
        "Chidi; chidi@example.org",
        "Dup Ana, ANA@example.org",
        "",
        "Eve\tnot-an-address",
        "Femi\tfemi@example.org",
    ]
)


def test_pasting_keeps_the_good_lines_and_gives_back_the_bad_ones(host_client, jam):
    GuestFactory(jam=jam, name="Chidi Old", email="chidi@example.org")

    response = host_client.post(url("guest_import", jam), {"lines": PASTE})

    html = response.content.decode()
    assert response.status_code == 200
    assert set(Guest.objects.filter(jam=jam).values_list("email", flat=True)) == {
        "ana@example.org",
        "bruno@example.org",
        "chidi@example.org",
        "femi@example.org",
    }
    assert "3 guests added to the list." in html
    assert "4 lines were not added" in html
    problems = section(html, "paste")
    assert "Line 3, “just a name”: Write a name and an email address" in problems
    assert (
        "Line 4, “Chidi; chidi@example.org”: chidi@example.org is already on the guest list."
        in (problems)
    )
    assert "Line 5, “Dup Ana, ANA@example.org”: ana@example.org is already on the guest list." in (
        problems
    )
    assert "Line 7" in problems and "is not an email address" in problems
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", problems, re.S)[1]
    assert textarea.strip().splitlines() == [
        "just a name",
        "Chidi; chidi@example.org",
        "Dup Ana, ANA@example.org",
        "Eve\tnot-an-address",
    ]
    assert "There is a problem" in html


def test_a_long_bad_line_comes_back_whole_to_be_corrected(host_client, jam):
    """The list of problems shortens it; the box gives back every character (it kept 200)."""
    long_line = "Ana Lima " + "x" * 300 + " ana@example.org"

    response = host_client.post(url("guest_import", jam), {"lines": long_line})

    problems = section(response.content.decode(), "paste")
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", problems, re.S)[1]
    assert textarea.strip() == long_line
    assert f"Line 1, “{long_line[:199]}…”" in problems
    assert not Guest.objects.filter(jam=jam).exists()


def test_pasting_only_good_lines_comes_back_to_the_list(host_client, jam):
    response = host_client.post(
        url("guest_import", jam),
        {"lines": "Ana Lima, ana@example.org\nBruno <bruno@example.org>\n"},
        follow=True,
    )

    assert Guest.objects.filter(jam=jam).count() == 2
    assert "2 guests added to the list." in messages_on(response)
    assert "These lines were not added" not in response.content.decode()


def test_pasting_with_htmx_returns_the_list_with_the_problems(host_client, jam):
    response = host_client.post(
        url("guest_import", jam), {"lines": "Ana, ana@example.org\nbad line"}, headers=HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "1 guest added to the list." in html
    assert "Line 2, “bad line”" in html


def test_pasting_nothing_says_so(host_client, jam):
    response = host_client.post(url("guest_import", jam), {"lines": "  \n \n"})

    assert "Paste at least one line with a name and an email address." in response.content.decode()
    assert not Guest.objects.exists()


def test_pasting_too_many_lines_is_refused_and_keeps_the_text(host_client, jam):
    text = "\n".join(f"Guest {n}, g{n}@example.org" for n in range(IMPORT_MAX_LINES + 1))

    response = host_client.post(url("guest_import", jam), {"lines": text})

    html = response.content.decode()
    assert f"Paste at most {IMPORT_MAX_LINES} lines at a time." in html
    assert "Guest 500, g500@example.org" in html
    assert not Guest.objects.exists()


# --- The table --------------------------------------------------------------------------


def test_the_table_shows_each_guests_answer_per_session_and_totals(
    host_client, jam, three_sessions
):
    first, second, third = three_sessions
    ana = GuestFactory(jam=jam, name="Ana Lima")
    bruno = GuestFactory(jam=jam, name="Bruno Sá")
    RsvpFactory(guest=ana, session=first, answer=RsvpAnswer.YES)
    RsvpFactory(guest=ana, session=second, answer=RsvpAnswer.MAYBE)
    RsvpFactory(guest=ana, session=third, answer=RsvpAnswer.NO)
    RsvpFactory(guest=bruno, session=first, answer=RsvpAnswer.YES)

    html = page(host_client, jam)

    assert "<caption" in html and 'scope="col">Session 3</th>' in html
    ana_row = re.search(rf'<tr id="guest-{ana.pk}".*?</tr>', html, re.S)[0]
    cells = re.findall(r'<td class="answer answer-(\w+)">', ana_row)
    assert cells == ["yes", "maybe", "no"]
    bruno_row = re.search(rf'<tr id="guest-{bruno.pk}".*?</tr>', html, re.S)[0]
    assert re.findall(r'<td class="answer answer-(\w+)">', bruno_row) == ["yes", "none", "none"]
    assert "No answer" in bruno_row
    footer = re.search(r"<tfoot>.*?</tfoot>", html, re.S)[0]
    assert "2 yes, 0 maybe, 0 no, 0 no answer" in footer
    assert "0 yes, 1 maybe, 0 no, 1 no answer" in footer
    assert "0 yes, 0 maybe, 1 no, 1 no answer" in footer


def test_the_table_shows_the_invitation_state(host_client, jam):
    waiting = GuestFactory(jam=jam, name="Not Yet")
    invited = GuestFactory(
        jam=jam, name="Invited One", invited_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    )
    failed = GuestFactory(
        jam=jam, name="Failed One", invited_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    )
    GuestMessage.objects.create(
        jam=jam,
        guest=invited,
        kind=MessageKind.INVITATION,
        key="invitation:1",
        status=MessageStatus.SENT,
        sent_at=dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC),
    )
    GuestMessage.objects.create(
        jam=jam,
        guest=failed,
        kind=MessageKind.INVITATION,
        key="invitation:1",
        status=MessageStatus.FAILED,
        attempts=5,
        last_error="Mailbox unavailable",
    )

    html = page(host_client, jam)

    row = lambda guest: re.search(rf'<tr id="guest-{guest.pk}".*?</tr>', html, re.S)[0]  # noqa: E731
    assert "Not invited yet" in row(waiting)
    assert "Invited on 3 Mar 2026" in row(invited)
    assert "Could not be sent" in row(failed)
    assert "Send the invitation to 1 guest not invited yet" in html


def test_needs_show_on_the_list_only_when_the_guest_allowed_their_name(host_client, jam):
    GuestFactory(jam=jam, name="Ana Lima", needs="Step-free access, please")
    GuestFactory(jam=jam, name="Bruno Secret", needs="A quiet room to rest", needs_anonymous=True)

    html = page(host_client, jam)

    assert "Step-free access, please" in html
    assert "A quiet room to rest" not in html
    assert "Shared without name" not in html


def test_anonymous_needs_never_appear_with_a_name_on_the_accessibility_page(host_client, jam):
    GuestFactory(jam=jam, name="Ana Lima", needs="Step-free access, please")
    GuestFactory(jam=jam, name="Bruno Secret", needs="A quiet room to rest", needs_anonymous=True)

    response = host_client.get(reverse("space:accessibility", args=[jam.slug]))

    html = response.content.decode()
    needs = html[html.index('id="guest-needs-title"') :]
    assert "What guests said they need" in html
    assert "Ana Lima" in needs and "Step-free access, please" in needs
    assert "A quiet room to rest" in needs
    assert "A guest (name not shared)" in needs
    assert "Bruno Secret" not in html


def test_the_accessibility_page_says_when_no_guest_wrote_a_need(host_client, jam):
    GuestFactory(jam=jam, name="Ana Lima")

    html = host_client.get(reverse("space:accessibility", args=[jam.slug])).content.decode()

    assert "No guest has written what they need yet." in html
    assert "Ana Lima" not in html


def test_the_accessibility_page_reads_guests_needs_in_one_query(host_client, jam):
    accessibility = reverse("space:accessibility", args=[jam.slug])
    GuestFactory(jam=jam, needs="Captions")
    with CaptureQueriesContext(connection) as few:
        host_client.get(accessibility)
    for n in range(20):
        GuestFactory(jam=jam, needs=f"Need {n}", needs_anonymous=n % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        host_client.get(accessibility)

    assert len(many.captured_queries) == len(few.captured_queries)


# --- Erasing ----------------------------------------------------------------------------


def test_the_host_erases_a_guest_after_confirming(host_client, jam):
    guest = GuestFactory(
        jam=jam, name="Ana Lima", email="ana@example.org", needs="Captions", pronouns="she/her"
    )
    RsvpFactory(guest=guest, session=jam.sessions.get(), answer=RsvpAnswer.YES)

    GuestMessageFactory(guest=guest, status=MessageStatus.SENT)
    GuestMessageFactory(guest=guest, status=MessageStatus.QUEUED, kind=MessageKind.REMINDER_DAY)

    confirm = host_client.get(url("guest_erase", jam, guest.pk))
    assert "Erase the details of Ana Lima?" in confirm.content.decode()
    assert "<li>1 email to them that was not sent</li>" in confirm.content.decode()
    assert Guest.objects.get(pk=guest.pk).name == "Ana Lima"

    response = host_client.post(url("guest_erase", jam, guest.pk), follow=True)

    guest.refresh_from_db()
    assert guest.is_erased and guest.name == guest.email == guest.needs == guest.pronouns == ""
    assert guest.rsvps.count() == 1
    html = response.content.decode()
    assert "The details of Ana Lima are erased." in messages_on(response)[0]
    table = re.search(r"<table class=\"table guest-table\">.*?</table>", html, re.S)[0]
    assert "Ana Lima" not in table and "ana@example.org" not in table
    assert "Captions" not in html
    assert "Erased guest" in table
    assert "1 yes, 0 maybe, 0 no, 0 no answer" in table


def test_an_erased_guest_shows_no_personal_data_and_no_actions(host_client, jam):
    guest = GuestFactory(jam=jam, name="Ana Lima", email="ana@example.org", needs="Captions")
    guest_erase(guest=guest)

    html = page(host_client, jam)

    row = re.search(rf'<tr id="guest-{guest.pk}".*?</tr>', html, re.S)[0]
    assert "Erased guest" in row
    assert "Ana Lima" not in html and "ana@example.org" not in html and "Captions" not in html
    assert url("guest_resend", jam, guest.pk) not in row
    assert url("guest_erase", jam, guest.pk) not in row
    assert "0 guests on the list" in html


def test_erasing_an_erased_guest_again_changes_nothing(host_client, jam):
    guest = GuestFactory(jam=jam)
    guest_erase(guest=guest)

    response = host_client.post(url("guest_erase", jam, guest.pk), follow=True)

    assert "This guest’s details were erased already." in messages_on(response)


def test_a_team_member_sees_the_list_but_adds_and_erases_only_if_their_role_allows(
    member_client, jam
):
    guest = GuestFactory(jam=jam, name="Ana Lima", email="ana@example.org")

    html = page(member_client, jam)
    assert "Ana Lima" in html
    assert url("guest_erase", jam, guest.pk) not in html
    assert url("guest_add", jam) not in html

    added = member_client.post(url("guest_add", jam), {"name": "Bruno", "email": "b@example.org"})
    assert added.status_code == 403
    assert "Add, import and invite guests" in added.content.decode()
    assert not Guest.objects.filter(jam=jam, email="b@example.org").exists()

    for method in (member_client.get, member_client.post):
        refused = method(url("guest_erase", jam, guest.pk))
        assert refused.status_code == 403
        assert "Erase guests and give them new links" in refused.content.decode()
    guest.refresh_from_db()
    assert (guest.name, guest.email, guest.erased_at) == ("Ana Lima", "ana@example.org", None)


def test_a_role_the_host_lets_invite_adds_guests(member, member_client, jam):
    jam.role_permissions = {"logistics": ["invite_guests"]}
    jam.save()

    added = member_client.post(url("guest_add", jam), {"name": "Bruno", "email": "b@example.org"})

    assert added.status_code == 302
    assert Guest.objects.filter(jam=jam, email="b@example.org").exists()


# --- A new link ---------------------------------------------------------------------------


def test_the_host_replaces_a_forwarded_link_and_the_guest_gets_the_new_one(
    host_client, jam, mailoutbox, django_capture_on_commit_callbacks
):
    guest = GuestFactory(jam=jam, name="Ana Lima", email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        host_client.post(url("guest_resend", jam, guest.pk))
    guest.refresh_from_db()
    old_link = reverse("guest:page", kwargs={"token": guest_link_token(guest)})
    assert old_link in mailoutbox[0].body

    confirm = host_client.get(url("guest_new_link", jam, guest.pk))
    assert "Give Ana Lima a new link?" in confirm.content.decode()
    assert Client().get(old_link).status_code == 200, "asking does not change the link"

    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(url("guest_new_link", jam, guest.pk), follow=True)

    assert "The old link of Ana Lima no longer works." in messages_on(response)[0]
    assert Client().get(old_link).status_code == 404
    guest.refresh_from_db()
    new_link = reverse("guest:page", kwargs={"token": guest_link_token(guest)})
    assert len(mailoutbox) == 2
    assert new_link in mailoutbox[1].body and old_link not in mailoutbox[1].body
    assert Client().get(new_link).status_code == 200


def test_a_new_link_for_a_guest_not_yet_invited_sends_nothing(host_client, jam, mailoutbox):
    guest = GuestFactory(jam=jam)
    old_key = guest.link_key

    host_client.post(url("guest_new_link", jam, guest.pk))

    guest.refresh_from_db()
    assert guest.link_key != old_key
    assert mailoutbox == []


def test_only_the_host_replaces_a_link(member_client, jam):
    guest = GuestFactory(jam=jam)
    old_key = guest.link_key

    assert url("guest_new_link", jam, guest.pk) not in page(member_client, jam)
    for method in (member_client.get, member_client.post):
        refused = method(url("guest_new_link", jam, guest.pk))
        assert refused.status_code == 403
    guest.refresh_from_db()
    assert guest.link_key == old_key


def test_an_erased_guest_gets_no_new_link(host_client, jam):
    guest = GuestFactory(jam=jam)
    guest_erase(guest=guest)
    assert host_client.post(url("guest_new_link", jam, guest.pk)).status_code == 403


# --- Who may see it ---------------------------------------------------------------------


def test_another_host_gets_404_on_every_address(other_client, jam):
    guest = GuestFactory(jam=jam)
    message = GuestMessage.objects.create(
        jam=jam,
        guest=guest,
        kind=MessageKind.INVITATION,
        key="invitation:1",
        status=MessageStatus.FAILED,
    )
    requests = [
        ("get", url("guests", jam)),
        ("post", url("guest_add", jam)),
        ("post", url("guest_import", jam)),
        ("post", url("guest_invitations_send", jam)),
        ("post", url("guest_announcement", jam)),
        ("post", url("guest_resend", jam, guest.pk)),
        ("get", url("guest_erase", jam, guest.pk)),
        ("post", url("guest_erase", jam, guest.pk)),
        ("get", url("guest_new_link", jam, guest.pk)),
        ("post", url("guest_new_link", jam, guest.pk)),
        ("post", url("guest_message_retry", jam, message.pk)),
    ]
    for method, address in requests:
        response = getattr(other_client, method)(
            address, {"name": "X", "email": "x@example.org", "lines": "X, x@example.org"}
        )
        assert response.status_code == 404, address
    guest.refresh_from_db()
    assert guest.erased_at is None and guest.invited_at is None
    assert Guest.objects.filter(jam=jam).count() == 1


def test_a_guest_of_another_jam_is_404(host_client, jam):
    elsewhere = GuestFactory(jam=JamFactory())

    assert host_client.get(url("guest_erase", jam, elsewhere.pk)).status_code == 404
    assert host_client.post(url("guest_resend", jam, elsewhere.pk)).status_code == 404
    assert host_client.post(url("guest_new_link", jam, elsewhere.pk)).status_code == 404


def test_an_email_of_another_jam_cannot_be_tried_again_here(host_client, jam):
    other = JamFactory()
    message = GuestMessage.objects.create(
        jam=other,
        guest=GuestFactory(jam=other),
        kind=MessageKind.INVITATION,
        key="invitation:1",
        status=MessageStatus.FAILED,
    )

    response = host_client.post(url("guest_message_retry", jam, message.pk))

    assert response.status_code == 404
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


# --- Invitations and emails -------------------------------------------------------------


def test_sending_invitations_queues_one_for_each_guest_not_invited_yet(
    host_client, jam, mailoutbox, django_capture_on_commit_callbacks
):
    GuestFactory(jam=jam, name="Ana Lima", email="ana@example.org")
    GuestFactory(jam=jam, name="Bruno Sá", email="bruno@example.org")
    GuestFactory(jam=jam, name="Already", invited_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    guest_erase(guest=GuestFactory(jam=jam))

    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(url("guest_invitations_send", jam), follow=True)

    assert "We are sending 2 invitations." in messages_on(response)
    assert sorted(message.to[0] for message in mailoutbox) == [
        "ana@example.org",
        "bruno@example.org",
    ]
    assert (
        GuestMessage.objects.filter(
            jam=jam, kind=MessageKind.INVITATION, status=MessageStatus.SENT
        ).count()
        == 2
    )
    html = page(host_client, jam)
    assert html.count("Invited on ") == 2
    assert "not invited yet" not in html


def test_sending_invitations_when_everyone_has_one_says_so(host_client, jam):
    GuestFactory(jam=jam, invited_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    response = host_client.post(url("guest_invitations_send", jam), follow=True)

    assert "Everyone on the list has an invitation already." in messages_on(response)
    assert not GuestMessage.objects.exists()


def test_invitations_wait_for_a_session(host_client, host):
    jam = JamFactory(host=host)
    GuestFactory(jam=jam)

    html = page(host_client, jam)
    response = host_client.post(url("guest_invitations_send", jam), follow=True)

    assert "Add a session first: the invitation tells guests when it is." in html
    assert url("guest_invitations_send", jam) not in html
    assert "Add a session first" in messages_on(response)[0]
    assert not GuestMessage.objects.exists()


def test_a_team_member_whose_role_allows_can_send_an_invitation_again(
    member_client, jam, mailoutbox, django_capture_on_commit_callbacks
):
    jam.role_permissions = {"logistics": ["invite_guests"]}
    jam.save()
    guest = GuestFactory(jam=jam, name="Ana Lima", email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(url("guest_invitations_send", jam))

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url("guest_resend", jam, guest.pk), headers=HTMX)

    assert "We are sending the invitation to Ana Lima again." in response.content.decode()
    assert [message.to for message in mailoutbox] == [["ana@example.org"], ["ana@example.org"]]
    assert guest.messages.filter(kind=MessageKind.INVITATION).count() == 2


def test_an_erased_guest_cannot_be_sent_an_invitation(host_client, jam):
    guest = GuestFactory(jam=jam)
    guest_erase(guest=guest)

    response = host_client.post(url("guest_resend", jam, guest.pk))

    assert response.status_code == 403
    assert not GuestMessage.objects.exists()


def test_what_went_out_is_shown_per_kind_and_session_in_the_sessions_zone(host_client, jam):
    session = jam.sessions.get()  # Africa/Nairobi, UTC+3
    for n, status in enumerate([MessageStatus.SENT, MessageStatus.SENT, MessageStatus.QUEUED]):
        GuestMessage.objects.create(
            jam=jam,
            guest=GuestFactory(jam=jam),
            kind=MessageKind.REMINDER_WEEK,
            key=f"reminder_week:{session.pk}",
            session=session,
            status=status,
            sent_at=dt.datetime(2026, 3, 3, 9, n, tzinfo=dt.UTC) if status == "sent" else None,
        )

    html = section(page(host_client, jam), "emails")

    row = re.search(r"<tr>\s*<th scope=\"row\">Reminder one week before</th>.*?</tr>", html, re.S)[
        0
    ]
    assert re.findall(r"</span>(\d+)</td>", row) == ["1", "2", "1", "0"]
    assert "3 Mar 2026, 12:01" in row and "Africa/Nairobi" in row


def test_a_failed_email_is_shown_and_can_be_tried_again(
    host_client, jam, mailoutbox, django_capture_on_commit_callbacks
):
    guest = GuestFactory(jam=jam, name="Ana Lima", email="ana@example.org")
    message = GuestMessage.objects.create(
        jam=jam,
        guest=guest,
        kind=MessageKind.INVITATION,
        key="invitation:1",
        status=MessageStatus.FAILED,
        attempts=5,
        last_error="Mailbox unavailable",
    )
    html = section(page(host_client, jam), "emails")
    assert "Emails that could not be sent" in html
    assert "Ana Lima" in html and "Mailbox unavailable" in html and "Tried 5 times." in html
    assert url("guest_message_retry", jam, message.pk) in html
    fragment = host_client.get(url("guests", jam), headers=HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="guests">') and "<html" not in fragment
    assert "Mailbox unavailable" in fragment
    assert f'hx-post="{url("guest_message_retry", jam, message.pk)}"' in fragment

    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(url("guest_message_retry", jam, message.pk), follow=True)

    assert "We are trying again to send the email to Ana Lima." in messages_on(response)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [sent.to for sent in mailoutbox] == [["ana@example.org"]]


def test_trying_again_an_email_that_was_sent_changes_nothing(host_client, jam, mailoutbox):
    message = GuestMessage.objects.create(
        jam=jam,
        guest=GuestFactory(jam=jam),
        kind=MessageKind.INVITATION,
        key="invitation:1",
        status=MessageStatus.SENT,
    )

    response = host_client.post(url("guest_message_retry", jam, message.pk), follow=True)

    assert "This email is not waiting to be tried again." in messages_on(response)
    assert mailoutbox == []


def test_scheduled_reminders_are_listed_with_their_time(host_client, jam):
    GuestFactory(jam=jam)

    html = section(page(host_client, jam), "emails")

    assert "Reminders on their way" in html
    assert "Reminder one week before, session 1: goes out" in html
    assert "Reminder one day before, session 1: goes out" in html
    assert "(Africa/Nairobi)" in html


# --- Message to everyone who said yes ------------------------------------------------


def test_the_host_writes_to_everyone_who_said_yes(
    host_client, jam, host, mailoutbox, django_capture_on_commit_callbacks
):
    session = jam.sessions.get()
    yes = GuestFactory(jam=jam, email="yes@example.org")
    RsvpFactory(guest=yes, session=session, answer=RsvpAnswer.YES)
    RsvpFactory(guest=GuestFactory(jam=jam, email="no@example.org"), session=session, answer="no")
    GuestFactory(jam=jam, email="silent@example.org")
    assert "It goes to the 1 guest who said yes" in page(host_client, jam)

    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(
            url("guest_announcement", jam),
            {"subject": "Bring a cushion", "body": "We sit on the floor."},
            follow=True,
        )

    assert "Your message is on its way to 1 guest." in messages_on(response)
    announcement = Announcement.objects.get(jam=jam)
    assert (announcement.subject, announcement.sent_by) == ("Bring a cushion", host)
    assert [message.to for message in mailoutbox] == [["yes@example.org"]]
    assert "Bring a cushion" in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": "", "body": "Hello"}, "Write a subject for your message."),
        ({"subject": "Hi", "body": ""}, "Write your message."),
        ({"subject": "S" * 151, "body": "Hello"}, "A subject can be at most 150 characters."),
        ({"subject": "Hi", "body": "B" * 5001}, "A message can be at most 5000 characters."),
    ],
)
def test_a_message_with_missing_or_long_parts_says_what_is_wrong(host_client, jam, data, message):
    RsvpFactory(guest=GuestFactory(jam=jam), session=jam.sessions.get(), answer=RsvpAnswer.YES)

    response = host_client.post(url("guest_announcement", jam), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "There is a problem" in html
    if data["subject"]:
        assert f'value="{data["subject"]}"' in html
    assert not Announcement.objects.exists()


def test_a_team_member_cannot_write_to_everyone(member_client, jam):
    RsvpFactory(guest=GuestFactory(jam=jam), session=jam.sessions.get(), answer=RsvpAnswer.YES)

    html = page(member_client, jam)
    response = member_client.post(url("guest_announcement", jam), {"subject": "Hi", "body": "Yo"})

    assert 'id="announcement"' not in html
    assert response.status_code == 403
    assert "Write to all guests" in response.content.decode()
    assert not Announcement.objects.exists()


def test_nobody_to_write_to_yet_says_so(host_client, jam):
    GuestFactory(jam=jam)

    html = section(page(host_client, jam), "announcement")

    assert "Nobody has said yes yet." in html
    assert "<form" not in html


# --- Diversity --------------------------------------------------------------------------


def _profile(jam, name, **details):
    return GuestFactory(
        jam=jam, name=name, profile_consented_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), **details
    )


def test_the_diversity_summary_counts_hides_small_groups_and_names_nobody(host_client, jam):
    for n in range(4):
        _profile(jam, f"Woman {n}", gender=GenderIdentity.WOMAN, age_range=AgeRange.UNDER_25)
    for n in range(2):
        _profile(jam, f"Man {n}", gender=GenderIdentity.MAN, age_range=AgeRange.FROM_35)
    GuestFactory(jam=jam, name="Quiet Guest", gender="")

    html = section(page(host_client, jam), "diversity")

    assert "6 of 7 guests chose to share details about themselves." in html
    gender = re.search(r"<caption>Gender</caption>.*?</table>", html, re.S)[0]
    assert re.search(r"Woman</th><td>4</td>", gender)
    assert "Man</th>" not in gender
    assert re.search(r"Other answers \(fewer than 3 each\)</th><td>2</td>", gender)
    for n in range(4):
        assert f"Woman {n}" not in html
    assert "Man 0" not in html and "Quiet Guest" not in html
    assert "Everyone who answered" not in html


def test_the_summary_notes_gently_when_everyone_shares_one_group(host_client, jam):
    for n in range(3):
        _profile(jam, f"Young {n}", age_range=AgeRange.UNDER_25, movement=Movement.CLIMATE)
    _profile(jam, "Other", movement=Movement.CLIMATE)

    html = section(page(host_client, jam), "diversity")

    assert "Everyone who answered is in the same age range." in html
    assert "Everyone who answered is part of the same movement." in html
    assert "Everyone who answered gave the same gender." not in html
    assert "Is there someone you could still invite?" in html
    assert "Potential challenges" in html
    assert "Young 0" not in html


def test_the_summary_says_when_nobody_shared_details(host_client, jam):
    GuestFactory.create_batch(3, jam=jam)

    html = section(page(host_client, jam), "diversity")

    assert "0 of 3 guests chose to share details about themselves." in html
    assert "<table" not in html


# --- Queries and weight -----------------------------------------------------------------


def _fill(jam, sessions, count: int, start: int = 0) -> None:
    answers = [RsvpAnswer.YES, RsvpAnswer.MAYBE, RsvpAnswer.NO]
    for n in range(start, start + count):
        guest = GuestFactory(
            jam=jam,
            name=f"Guest {n}",
            email=f"guest-{n}@example.org",
            needs="Captions" if n % 3 == 0 else "",
            needs_anonymous=n % 2 == 0,
            invited_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
            profile_consented_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC) if n % 2 else None,
            gender=GenderIdentity.WOMAN if n % 2 else "",
        )
        for index, session in enumerate(sessions):
            if (n + index) % 4:
                RsvpFactory(guest=guest, session=session, answer=answers[(n + index) % 3])
        GuestMessage.objects.create(
            jam=jam,
            guest=guest,
            kind=MessageKind.INVITATION,
            key="invitation:1",
            status=MessageStatus.FAILED if n % 10 == 0 else MessageStatus.SENT,
            sent_at=None if n % 10 == 0 else dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        )


def _queries_for_page(client, jam) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("guests", jam))
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_page_makes_the_same_queries_for_5_and_200_guests(host_client, jam, three_sessions):
    _fill(jam, three_sessions, 5)
    few = _queries_for_page(host_client, jam)

    _fill(jam, three_sessions, 195, start=5)
    many = _queries_for_page(host_client, jam)

    assert Guest.objects.filter(jam=jam).count() == 200
    assert many == few


def test_the_htmx_list_makes_the_same_queries_for_5_and_200_guests(
    host_client, jam, three_sessions
):
    _fill(jam, three_sessions, 5)
    with CaptureQueriesContext(connection) as few:
        host_client.post(
            url("guest_add", jam), {"name": "A", "email": "a@example.org"}, headers=HTMX
        )

    _fill(jam, three_sessions, 195, start=5)
    with CaptureQueriesContext(connection) as many:
        host_client.post(
            url("guest_add", jam), {"name": "B", "email": "b@example.org"}, headers=HTMX
        )

    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_page_with_200_guests_weighs_under_50_kb_compressed(host_client, jam, three_sessions):
    _fill(jam, three_sessions, 200)

    response = host_client.get(url("guests", jam))

    assert response.status_code == 200
    assert page_weight(response) < BUDGET_BYTES
