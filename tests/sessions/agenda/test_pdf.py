"""The agenda PDF: what participants receive, and the facilitator copy for the team."""

import datetime as dt
import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jamsessions.fonts import CJK, font_covers
from planning.enums import JamFormat, TeamRole
from sessions.agenda.models import ItemKind
from sessions.agenda.pdf import build_agenda_pdf
from tests.factories import (
    AgendaItemFactory,
    HouseRuleFactory,
    JamFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# 15:00 UTC is 18:00 in Nairobi (no daylight saving there).
START = dt.datetime(2031, 3, 14, 15, 0, tzinfo=dt.UTC)
NOTE = "Keep the tissues near the circle and watch the quiet ones"


def pdf_url(session, *, facilitator=False, **query) -> str:
    name = "sessions:agenda_pdf_facilitator" if facilitator else "sessions:agenda_pdf"
    url = reverse(name, kwargs={"slug": session.jam.slug, "key": session.key})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def read(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def text_of(content: bytes) -> str:
    """All the PDF's text, with runs of white space (line breaks too) made single spaces."""
    return " ".join(" ".join(page.extract_text() for page in read(content).pages).split())


@pytest.fixture
def session(host):
    jam = JamFactory(
        host=host,
        name="Healing Jam Nairobi",
        local_name="Kikao cha Uponyaji",
        language="en",
        venue="Jitsi: meet.example.org/healing",
    )
    session = SessionFactory(
        jam=jam, number=1, starts_at=START, duration_minutes=120, timezone="Africa/Nairobi"
    )
    AgendaItemFactory(
        session=session,
        position=0,
        duration_minutes=20,
        title="Welcome and introductions",
        content="Names, pronouns and one word for how we arrive.",
        objective="Everyone feels seen",
        practice="A round of names",
        facilitator_notes=NOTE,
    )
    AgendaItemFactory(session=session, position=1, duration_minutes=40, title="Alive and together")
    AgendaItemFactory(
        session=session, position=2, duration_minutes=10, title="Stretch", kind=ItemKind.BREAK
    )
    AgendaItemFactory(
        session=session, position=3, duration_minutes=30, title="Reimagining our ground"
    )
    HouseRuleFactory(jam=jam, position=0, text="We listen without interrupting.")
    HouseRuleFactory(jam=jam, position=1, text="We mute when we are not speaking.")
    return session


EXPECTED_STARTS = [
    ("Welcome and introductions", "18:00"),
    ("Alive and together", "18:20"),
    ("Stretch", "19:00"),
    ("Reimagining our ground", "19:10"),
]


# --- The participants' copy --------------------------------------------------------


def test_agenda_pdf_holds_every_item_title_and_its_start_time(host_client, session):
    response = host_client.get(pdf_url(session))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for title, start in EXPECTED_STARTS:
        assert title in text
        assert start in text
    assert "19:40" in text  # when the last item ends


def test_agenda_pdf_shows_the_jam_the_session_and_how_to_reach_the_host(host_client, session):
    text = text_of(host_client.get(pdf_url(session)).content)

    assert "Healing Jam Nairobi" in text
    assert "Kikao cha Uponyaji" in text
    assert "Session 1" in text
    assert "Friday 14 March 2031" in text
    assert "18:00–20:00" in text
    assert "Africa/Nairobi" in text
    assert "Jitsi: meet.example.org/healing" in text
    assert "Host Person" in text
    assert "host@example.test" in text
    assert "Jam Sessions Toolkit" in text
    assert "CIVICUS" in text


def test_agenda_pdf_shows_content_objective_and_practice(host_client, session):
    text = text_of(host_client.get(pdf_url(session)).content)

    assert "Names, pronouns and one word for how we arrive." in text
    assert "Everyone feels seen" in text
    assert "A round of names" in text


def test_agenda_pdf_names_breaks_in_words(host_client, session):
    text = text_of(host_client.get(pdf_url(session)).content)

    # Not by shading alone: the kind is written out before the title.
    assert "Break Stretch" in text


def test_agenda_pdf_lists_the_housekeeping_rules_in_order(host_client, session):
    text = text_of(host_client.get(pdf_url(session)).content)

    first = text.index("We listen without interrupting.")
    assert first < text.index("We mute when we are not speaking.")


def test_agenda_pdf_has_no_facilitator_notes(host_client, session):
    lead = TeamMemberFactory(jam=session.jam, user=UserFactory(name="Wanjiru Lead"))
    session.agenda_items.filter(title="Alive and together").update(
        lead=lead, materials="A talking stick"
    )

    text = text_of(host_client.get(pdf_url(session)).content)

    assert NOTE not in text
    assert "Facilitator" not in text
    assert "Wanjiru Lead" not in text
    assert "A talking stick" not in text


def test_agenda_pdf_empty_agenda_says_so(host_client, session):
    session.agenda_items.all().delete()

    text = text_of(host_client.get(pdf_url(session)).content)

    assert "The agenda is still being written." in text


def test_agenda_pdf_is_a4_by_default_and_letter_on_request(host_client, session):
    a4 = read(host_client.get(pdf_url(session)).content).pages[0].mediabox
    also_a4 = read(host_client.get(pdf_url(session, paper="A4")).content).pages[0].mediabox
    letter = read(host_client.get(pdf_url(session, paper="letter")).content).pages[0].mediabox

    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(also_a4.width)), round(float(also_a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_agenda_pdf_unknown_paper_is_refused_with_a_message(host_client, session):
    response = host_client.get(pdf_url(session, paper="tabloid"))

    assert response.status_code == 400
    assert "paper=a4 or paper=letter" in response.content.decode()


def test_agenda_pdf_is_tagged_for_screen_readers_with_language_and_title(host_client, session):
    reader = read(host_client.get(pdf_url(session)).content)
    catalog = reader.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == "Healing Jam Nairobi: Session 1 agenda"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp


def test_agenda_pdf_opens_inline_with_a_readable_file_name(host_client, session):
    response = host_client.get(pdf_url(session))

    assert response["Content-Disposition"] == (
        'inline; filename="healing-jam-nairobi-session-1-agenda.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# --- Names in other scripts ----------------------------------------------------------


def test_agenda_pdf_cyrillic_and_arabic_names_render_as_text(host_client, session):
    jam = session.jam
    jam.name = "Джем-сессия исцеления"
    jam.local_name = "جلسة شفاء"
    jam.language = "ar"
    jam.save()

    response = host_client.get(pdf_url(session))

    assert response.status_code == 200
    assert "Джем-сессия исцеления" in text_of(response.content)
    reader = read(response.content)
    assert reader.metadata.title == "Джем-сессия исцеления: Session 1 agenda"
    # Arabic is not a language of the site yet: the PDF's own words stay in English.
    assert reader.trailer["/Root"]["/Lang"] == "en"
    ascii_name = "jam-session-1-agenda.pdf"
    unicode_name = quote("джем-сессия-исцеления-session-1-agenda.pdf", safe="")
    assert response["Content-Disposition"] == (
        f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{unicode_name}"
    )


def test_agenda_pdf_chinese_name_does_not_break_the_pdf(host_client, session):
    jam = session.jam
    jam.name = "疗愈茶话会"
    jam.save()

    response = host_client.get(pdf_url(session))

    assert response.status_code == 200
    reader = read(response.content)
    assert len(reader.pages) >= 1
    assert reader.metadata.title == "疗愈茶话会: Session 1 agenda"


@pytest.mark.skipif(not font_covers(CJK.sample), reason="no CJK font here (install fonts-noto-cjk)")
def test_agenda_pdf_chinese_name_is_text_when_a_cjk_font_is_installed(host_client, session):
    jam = session.jam
    jam.name = "疗愈茶话会"
    jam.save()

    text = text_of(host_client.get(pdf_url(session)).content)

    assert "疗愈茶话会" in text
    assert "Welcome and introductions" in text


# --- The facilitator copy ------------------------------------------------------------


def test_facilitator_copy_holds_the_notes_lead_and_materials(host_client, session):
    lead = TeamMemberFactory(jam=session.jam, user=UserFactory(name="Wanjiru Lead"))
    session.agenda_items.filter(title="Alive and together").update(
        lead=lead, materials="A talking stick"
    )

    response = host_client.get(pdf_url(session, facilitator=True))

    assert response.status_code == 200
    text = text_of(response.content)
    assert NOTE in text
    assert "Wanjiru Lead" in text
    assert "A talking stick" in text
    assert "Facilitator copy" in text
    for title, start in EXPECTED_STARTS:
        assert title in text
        assert start in text
    reader = read(response.content)
    assert reader.metadata.title == "Facilitator copy: Healing Jam Nairobi, Session 1 agenda"
    assert response["Content-Disposition"] == (
        'inline; filename="healing-jam-nairobi-session-1-agenda-facilitator-copy.pdf"'
    )


def test_facilitator_copy_on_letter_paper(host_client, session):
    box = read(host_client.get(pdf_url(session, facilitator=True, paper="Letter")).content)
    mediabox = box.pages[0].mediabox

    assert (round(float(mediabox.width)), round(float(mediabox.height))) == (612, 792)


# --- Who may have it -------------------------------------------------------------------


@pytest.mark.parametrize("facilitator", [False, True])
def test_agenda_pdf_of_another_hosts_jam_is_404(other_client, session, facilitator):
    response = other_client.get(pdf_url(session, facilitator=facilitator))

    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")


@pytest.mark.parametrize("facilitator", [False, True])
def test_agenda_pdf_asks_to_sign_in_first(client, session, facilitator):
    response = client.get(pdf_url(session, facilitator=facilitator))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_agenda_pdf_for_a_team_member_who_is_not_the_host(client, session):
    member = TeamMemberFactory(jam=session.jam, role=TeamRole.NOTE_TAKER)
    client.force_login(member.user)

    response = client.get(pdf_url(session, facilitator=True))

    assert response.status_code == 200
    assert NOTE in text_of(response.content)


def test_agenda_pdf_of_a_session_that_is_not_there_says_so_with_the_plan(host_client, session):
    url = reverse("sessions:agenda_pdf", kwargs={"slug": session.jam.slug, "key": "abcdefgh"})

    response = host_client.get(url, follow=True)

    assert response.redirect_chain == [(f"/jams/{session.jam.slug}/#sessions-title", 302)]
    assert "This session was removed; here is the current plan." in response.content.decode()


def test_agenda_pdf_post_is_not_allowed(host_client, session):
    assert host_client.post(pdf_url(session)).status_code == 405


# --- The builder alone -------------------------------------------------------------------


def test_build_agenda_pdf_returns_pdf_bytes_for_an_in_person_jam(session):
    jam = session.jam
    jam.format = JamFormat.IN_PERSON
    jam.venue = ""
    jam.save()

    content = build_agenda_pdf(session=session, paper="Letter")

    text = text_of(content)
    assert "Venue: To be confirmed" in text
    assert "Welcome and introductions" in text


def test_build_agenda_pdf_refuses_an_unknown_paper_size(session):
    with pytest.raises(ValueError, match="paper"):
        build_agenda_pdf(session=session, paper="A3")


def test_build_agenda_pdf_across_midnight_names_the_next_day(session):
    session.starts_at = dt.datetime(2031, 3, 14, 20, 30, tzinfo=dt.UTC)  # 23:30 in Nairobi
    session.save()

    text = text_of(build_agenda_pdf(session=session))

    assert "Friday 14 March 2031" in text
    assert "Time: 23:30–01:30 (Sat 15 Mar)" in text
    assert "23:30–23:50 20 min" in text
    assert "23:50–00:30 40 min" in text
    # Items that start after midnight carry the day they start on.
    assert "00:30–00:40 Sat 15 Mar 10 min" in text


def test_a_guest_who_has_not_said_yes_gets_the_agenda_without_where(session):
    jam = session.jam
    jam.online_link = "https://meet.example.org/healing-room"
    jam.save()

    hidden = text_of(build_agenda_pdf(session=session, show_location=False))
    shown = text_of(build_agenda_pdf(session=session, show_location=True))

    assert "meet.example.org" not in hidden
    assert "once you say yes" in hidden
    assert "meet.example.org/healing" in shown and "healing-room" in shown
