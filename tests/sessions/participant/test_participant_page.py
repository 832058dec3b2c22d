"""A guest's own page, /i/<token>/: what it shows, and what the guest can answer and change."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from planning.enums import AgeRange, GenderIdentity, JamFormat, Movement, RsvpAnswer
from planning.guests.services import guest_erase, guest_link_revoke
from planning.guests.tokens import guest_link_token
from planning.models import Guest, Rsvp
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    HouseRuleFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

VENUE = "Community Hall, 12 Uhuru Road"
ONLINE_LINK = "https://meet.example.org/secret-room-42"
NOTE = "Watch the quiet ones and keep tissues near the circle"


@pytest.fixture
def jam(host):
    jam = JamFactory(
        host=host,
        name="Healing Jam Nairobi",
        local_name="Kikao cha Uponyaji",
        objectives="Rest, laugh and heal together.",
        format=JamFormat.HYBRID,
        venue=VENUE,
        online_link=ONLINE_LINK,
    )
    session = SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2031, 3, 14, 15, 0, tzinfo=dt.UTC),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )
    AgendaItemFactory(
        session=session,
        title="Welcome circle",
        content="We share one word about how we arrive.",
        objective="Arrive together",
        practice="One word each",
        materials="Talking stick",
        facilitator_notes=NOTE,
        duration_minutes=20,
    )
    HouseRuleFactory(jam=jam, text="What is said here stays here.")
    return jam


@pytest.fixture
def guest(jam):
    return GuestFactory(jam=jam, name="Wanjiru Kamau", email="wanjiru@example.test")


def url(name: str, guest: Guest, number: int | None = None, **kwargs) -> str:
    """``number``: the session labelled so now in the guest's Jam, named by its own key."""
    if number is not None:
        kwargs["key"] = guest.jam.sessions.get(number=number).key
    return reverse(f"guest:{name}", kwargs={"token": guest_link_token(guest), **kwargs})


def html(response) -> str:
    return response.content.decode()


# --- Finding the guest --------------------------------------------------------------


def test_the_page_shows_the_jam_its_purpose_host_sessions_agenda_and_rules(client, guest, host):
    response = client.get(url("page", guest))

    assert response.status_code == 200
    page = html(response)
    assert "Healing Jam Nairobi" in page
    assert "Kikao cha Uponyaji" in page
    assert "Rest, laugh and heal together." in page
    assert f"{host.name} invites you" in page
    assert "Friday 14 March 2031" in page
    assert "18:00–20:00" in page  # 15:00 UTC in Nairobi
    assert "Africa/Nairobi" in page and "2 hours" in page
    assert "Welcome circle" in page and "We share one word" in page
    assert "Arrive together" in page and "One word each" in page
    assert "What is said here stays here." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Sign in" not in page and "Create an account" not in page


def test_the_page_never_shows_what_is_for_the_team_only(client, guest):
    page = html(client.get(url("page", guest)))

    assert NOTE not in page
    assert "Talking stick" not in page


def test_the_page_is_kept_private(client, guest):
    response = client.get(url("page", guest))

    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_an_unknown_token_gets_a_kind_not_found_page(client, guest):
    response = client.get(reverse("guest:page", kwargs={"token": "made-up.token"}))

    assert response.status_code == 404
    page = html(response)
    assert "This link does not work" in page
    assert "ask the person who invited you" in page
    assert response["Referrer-Policy"] == "strict-origin"


def test_a_tampered_token_is_not_found(client, guest):
    token = guest_link_token(guest)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = client.get(reverse("guest:page", kwargs={"token": tampered}))

    assert response.status_code == 404
    assert "This link does not work" in html(response)


def test_a_revoked_link_is_not_found(client, guest):
    old = url("page", guest)
    guest_link_revoke(guest=guest)

    assert client.get(old).status_code == 404
    assert client.get(url("page", guest)).status_code == 200


def test_an_erased_guest_link_is_not_found(client, guest):
    link = url("page", guest)
    guest_erase(guest=guest)

    response = client.get(link)

    assert response.status_code == 404
    assert "This link does not work" in html(response)


# --- Where: only after a yes ---------------------------------------------------------


def test_the_address_and_online_link_are_hidden_before_yes(client, guest):
    page = html(client.get(url("page", guest)))

    assert VENUE not in page
    assert ONLINE_LINK not in page
    assert "once you say yes" in page


def test_maybe_does_not_show_where(client, guest, jam):
    RsvpFactory(guest=guest, session=jam.sessions.get(), answer=RsvpAnswer.MAYBE)

    page = html(client.get(url("page", guest)))

    assert VENUE not in page and ONLINE_LINK not in page


def test_the_address_and_online_link_show_after_yes(client, guest):
    client.post(url("rsvp", guest, number=1), {"answer": "yes"})

    page = html(client.get(url("page", guest)))

    assert VENUE in page
    assert ONLINE_LINK in page


# --- Answering -----------------------------------------------------------------------


def test_an_answer_is_stored_and_can_be_changed(client, guest, jam):
    session = jam.sessions.get()

    response = client.post(url("rsvp", guest, number=1), {"answer": "maybe"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"#session-{session.key}")
    assert Rsvp.objects.get(guest=guest, session=session).answer == "maybe"
    page = html(client.get(response["Location"]))
    assert "your answer for Session 1 is saved" in page
    assert "Your answer: maybe." in page
    assert f'value="maybe" id="session-{session.key}-answer_1" required checked' in page

    client.post(url("rsvp", guest, number=1), {"answer": "no"})

    assert Rsvp.objects.get(guest=guest, session=session).answer == "no"
    assert Rsvp.objects.filter(guest=guest).count() == 1


def test_a_wrong_answer_is_explained_and_changes_nothing(client, guest, jam):
    RsvpFactory(guest=guest, session=jam.sessions.get(), answer=RsvpAnswer.MAYBE)

    response = client.post(url("rsvp", guest, number=1), {"answer": "perhaps"})

    assert response.status_code == 200
    page = html(response)
    assert "There is a problem" in page
    assert "Choose yes, maybe or no." in page
    assert Rsvp.objects.get(guest=guest).answer == "maybe"


def test_an_answer_with_htmx_returns_the_session_answer_and_where(client, guest):
    response = client.post(
        url("rsvp", guest, number=1),
        {"answer": "yes", "seen": "1"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    page = html(response)
    assert page.lstrip().startswith(f'<div id="session-{guest.jam.sessions.get().key}-rsvp"')
    assert "your answer for Session 1 is saved" in page
    assert (
        'id="where" class="guest-section" aria-labelledby="where-title" hx-swap-oob="true"' in page
    )
    assert VENUE in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]
    assert Rsvp.objects.get(guest=guest).answer == "yes"


def test_a_wrong_answer_with_htmx_comes_back_with_the_message(client, guest):
    response = client.post(
        url("rsvp", guest, number=1), {"answer": "perhaps"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "Choose yes, maybe or no." in html(response)
    assert not Rsvp.objects.exists()


def test_a_guest_cannot_answer_for_a_session_of_another_jam(client, guest):
    other_session = SessionFactory(jam=JamFactory(), number=7)

    response = client.post(url("rsvp", guest, key=other_session.key), {"answer": "yes"})

    # Not one of their Jam's sessions: answered as a removed one, with their page.
    assert response.status_code == 302
    assert response["Location"] == url("page", guest) + "#sessions"
    assert not Rsvp.objects.exists()


def test_answering_needs_a_post(client, guest):
    assert client.get(url("rsvp", guest, number=1)).status_code == 405


def test_the_forms_are_protected_against_cross_site_posts(guest):
    client = Client(enforce_csrf_checks=True)

    refused = client.post(url("rsvp", guest, number=1), {"answer": "yes"})
    assert refused.status_code == 403
    assert not Rsvp.objects.exists()

    client.get(url("page", guest))  # the guest opens the page first: it sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        url("rsvp", guest, number=1), {"answer": "yes", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Rsvp.objects.get(guest=guest).answer == "yes"


# --- Needs ---------------------------------------------------------------------------


def test_needs_are_saved_with_the_anonymous_choice(client, guest):
    response = client.post(
        url("needs", guest), {"needs": "  Step-free access, please.  ", "needs_anonymous": "on"}
    )

    assert response.status_code == 302 and response["Location"].endswith("#needs")
    guest.refresh_from_db()
    assert guest.needs == "Step-free access, please."
    assert guest.needs_anonymous is True
    page = html(client.get(response["Location"]))
    assert "what you need is saved" in page
    assert "Step-free access, please." in page
    assert 'name="needs_anonymous" id="needs-needs_anonymous" checked' in page


def test_needs_can_be_shared_with_the_name(client, guest):
    client.post(url("needs", guest), {"needs": "Captions"})

    guest.refresh_from_db()
    assert guest.needs == "Captions" and guest.needs_anonymous is False


def test_needs_too_long_are_explained_and_kept_in_the_form(client, guest):
    text = "I need interpretation. " * 100  # over 2000 characters

    response = client.post(url("needs", guest), {"needs": text})

    assert response.status_code == 200
    page = html(response)
    assert "Write at most 2000 characters" in page
    assert "I need interpretation. I need interpretation." in page
    guest.refresh_from_db()
    assert guest.needs == ""


def test_needs_with_htmx_return_the_needs_part(client, guest):
    response = client.post(
        url("needs", guest), {"needs": "A quiet space"}, headers={"HX-Request": "true"}
    )

    page = html(response)
    assert page.lstrip().startswith('<section id="needs"')
    assert "what you need is saved" in page
    guest.refresh_from_db()
    assert guest.needs == "A quiet space"


# --- Profile ---------------------------------------------------------------------------


PROFILE = {
    "pronouns": "she/her",
    "gender": GenderIdentity.WOMAN,
    "age_range": AgeRange.FROM_25,
    "movement": Movement.CLIMATE,
}


def test_profile_details_need_consent(client, guest):
    response = client.post(url("profile", guest), PROFILE)

    assert response.status_code == 200
    page = html(response)
    assert "Tick the box to agree" in page
    assert 'value="she/her"' in page  # what was typed is kept
    guest.refresh_from_db()
    assert guest.pronouns == "" and guest.gender == "" and guest.profile_consented_at is None


def test_profile_details_are_saved_with_consent_and_shown_back(client, guest):
    response = client.post(url("profile", guest), {**PROFILE, "consent": "on"})

    assert response.status_code == 302 and response["Location"].endswith("#profile")
    guest.refresh_from_db()
    assert guest.pronouns == "she/her"
    assert (guest.gender, guest.age_range, guest.movement) == ("woman", "25_34", "climate")
    assert guest.profile_consented_at is not None
    page = html(client.get(response["Location"]))
    assert "What you shared" in page and "Climate and environment" in page
    assert "Withdraw my details" in page


def test_a_profile_choice_not_offered_is_refused(client, guest):
    response = client.post(url("profile", guest), {**PROFILE, "gender": "robot", "consent": "on"})

    assert response.status_code == 200
    assert "Choose one of the answers offered" in html(response)
    guest.refresh_from_db()
    assert guest.profile_consented_at is None


def test_withdrawing_the_profile_clears_every_detail(client, guest):
    client.post(url("profile", guest), {**PROFILE, "consent": "on"})

    response = client.post(url("profile_withdraw", guest))

    assert response.status_code == 302
    guest.refresh_from_db()
    assert (guest.pronouns, guest.gender, guest.age_range, guest.movement) == ("", "", "", "")
    assert guest.profile_consented_at is None
    assert "Your details are withdrawn" in html(client.get(response["Location"]))


def test_profile_with_htmx_returns_the_profile_part(client, guest):
    response = client.post(
        url("profile", guest), {**PROFILE, "consent": "on"}, headers={"HX-Request": "true"}
    )

    page = html(response)
    assert page.lstrip().startswith('<section id="profile"')
    assert "What you shared" in page


# --- Time zones ------------------------------------------------------------------------


def test_the_guest_sees_the_time_on_their_own_clock_once_they_choose_it(client, guest):
    response = client.post(url("timezone", guest), {"zone": "America/Bogota"})

    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.timezone == "America/Bogota"
    page = html(client.get(url("page", guest)))
    assert "Your time (America/Bogota):" in page
    assert "Friday 14 March, 10:00–12:00" in page  # 15:00 UTC is 10:00 in Bogotá


def test_a_zone_with_the_same_clock_adds_no_second_time(client, guest):
    client.post(url("timezone", guest), {"zone": "Europe/Moscow"})  # UTC+3, like Nairobi

    assert "Your time (" not in html(client.get(url("page", guest)))


def test_an_unknown_zone_is_explained(client, guest):
    response = client.post(url("timezone", guest), {"zone": "Mars/Olympus_Mons"})

    assert response.status_code == 200
    assert "Choose a time zone from the list." in html(response)
    guest.refresh_from_db()
    assert guest.timezone == ""


def test_the_page_marks_session_times_for_the_browser_clock(client, guest):
    page = html(client.get(url("page", guest)))

    assert 'datetime="2031-03-14T18:00:00+03:00" data-local-time data-zone="Africa/Nairobi"' in page
    assert 'src="/static/js/local-times.js" defer' in page


# --- Erasing ---------------------------------------------------------------------------


def test_the_erase_page_explains_what_is_removed(client, guest):
    response = client.get(url("erase", guest))

    assert response.status_code == 200
    page = html(response)
    assert "Remove my details?" in page
    assert "your name and email address" in page
    Guest.objects.get(pk=guest.pk, erased_at__isnull=True)


def test_erasing_removes_personal_data_and_the_link_stops_working(client, guest, jam):
    client.post(url("needs", guest), {"needs": "Sign language", "needs_anonymous": "on"})
    client.post(url("profile", guest), {**PROFILE, "consent": "on"})
    client.post(url("timezone", guest), {"zone": "Europe/Madrid"})
    client.post(url("rsvp", guest, number=1), {"answer": "yes"})
    link = url("page", guest)

    response = client.post(url("erase", guest))

    assert response.status_code == 200
    assert "Your details were removed" in html(response)
    row = Guest.objects.get(pk=guest.pk)
    assert (row.name, row.email, row.needs, row.pronouns) == ("", "", "", "")
    assert (row.gender, row.age_range, row.movement, row.timezone) == ("", "", "", "")
    assert row.profile_consented_at is None and row.erased_at is not None
    assert Rsvp.objects.get(guest=row).answer == "yes"  # an anonymous count stays
    assert client.get(link).status_code == 404


# --- Downloads ---------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_agenda_pdf_is_the_participants_copy(client, guest):
    response = client.get(url("agenda_pdf", guest, number=1))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "session-1-agenda.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Welcome circle" in text
    assert "Watch the quiet ones" not in text
    assert "Talking stick" not in text
    assert "Facilitator" not in text
    assert VENUE not in text  # not before a yes


def test_the_agenda_pdf_shows_where_after_yes(client, guest, jam):
    RsvpFactory(guest=guest, session=jam.sessions.get(), answer=RsvpAnswer.YES)

    text = pdf_text(client.get(url("agenda_pdf", guest, number=1)).content)

    assert "Community Hall" in text


def test_the_agenda_pdf_of_another_jams_session_is_not_given(client, guest):
    other_session = SessionFactory(jam=JamFactory(), number=5)

    response = client.get(url("agenda_pdf", guest, key=other_session.key))

    assert response.status_code == 302
    assert response["Location"] == url("page", guest) + "#sessions"


def test_a_wrong_paper_size_is_explained(client, guest):
    response = client.get(url("agenda_pdf", guest, number=1) + "?paper=napkin")

    assert response.status_code == 400
    assert "paper=a4 or paper=letter" in html(response)
