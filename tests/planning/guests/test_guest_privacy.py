"""Needs shared “without my name”: no page of the team can tell whose need is whose.

The team (the host included) sees anonymous needs only on the Accessibility page,
without a name, in an order that follows neither names nor the order guests were
added. On every other page a guest whose needs are anonymous looks exactly like a
guest who wrote none.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from planning.enums import RsvpAnswer
from planning.guests.selectors import needs_shared
from planning.models import Guest, Jam
from tests.factories import GuestFactory, RsvpFactory

pytestmark = pytest.mark.django_db

SECRET_NEED = "A quiet room to rest, please"


@pytest.fixture
def three_guests(jam):
    """Ana and Chiara wrote nothing; Bruno shared a need without his name. Same answers."""
    session = jam.sessions.get()
    guests = {}
    for name, needs in (("Ana Lima", ""), ("Bruno Secret", SECRET_NEED), ("Chiara Rossi", "")):
        guest = GuestFactory(
            jam=jam,
            name=name,
            email=f"{name.split()[0].lower()}@example.test",
            needs=needs,
            needs_anonymous=bool(needs),
        )
        RsvpFactory(guest=guest, session=session, answer=RsvpAnswer.YES)
        guests[name] = guest
    return guests


def _row(html: str, guest: Guest) -> str:
    """The guest's row with what is theirs alone (id, name, address) written the same way."""
    row = re.search(rf'<tr id="guest-{guest.pk}".*?</tr>', html, re.S)[0]
    row = row.replace(f"guest-{guest.pk}", "guest-ID").replace(f"/{guest.pk}/", "/ID/")
    return row.replace(guest.name, "NAME").replace(guest.email, "EMAIL")


def test_a_guest_with_anonymous_needs_has_the_same_row_as_guests_with_none(
    host_client, jam, three_guests
):
    html = host_client.get(reverse("planning:guests", args=[jam.slug])).content.decode()

    rows = {name: _row(html, guest) for name, guest in three_guests.items()}

    assert rows["Bruno Secret"] == rows["Ana Lima"] == rows["Chiara Rossi"]
    assert SECRET_NEED not in html
    assert "Shared without name" not in html


def test_the_htmx_list_shows_no_marker_either(host_client, jam, three_guests):
    response = host_client.post(
        reverse("planning:guest_add", args=[jam.slug]),
        {"name": "Dora Nyambura", "email": "dora@example.test"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()

    rows = {name: _row(html, guest) for name, guest in three_guests.items()}

    assert rows["Bruno Secret"] == rows["Ana Lima"] == rows["Chiara Rossi"]
    assert SECRET_NEED not in html


def _team_pages(jam, guest) -> dict[str, str]:
    """Every page where the team sees this guest (or the Jam's needs)."""
    return {
        "guest list": reverse("planning:guests", args=[jam.slug]),
        "accessibility": reverse("space:accessibility", args=[jam.slug]),
        "erase": reverse("planning:guest_erase", args=[jam.slug, guest.pk]),
        "new link": reverse("messages:guest_new_link", args=[jam.slug, guest.pk]),
        "attendance": reverse(
            "sessions:attendance",
            kwargs={"slug": jam.slug, "key": jam.sessions.order_by("number").first().key},
        ),
        "jam home": reverse("planning:jam_detail", args=[jam.slug]),
    }


def test_no_team_page_shows_the_anonymous_need_next_to_the_guests_name(
    host_client, jam, three_guests
):
    bruno = three_guests["Bruno Secret"]

    for where, address in _team_pages(jam, bruno).items():
        response = host_client.get(address)
        assert response.status_code == 200, where
        html = response.content.decode()
        assert not (bruno.name in html and SECRET_NEED in html), where


def _accessibility_needs(client, jam) -> list[tuple[str, str]]:
    html = client.get(reverse("space:accessibility", args=[jam.slug])).content.decode()
    html = html[html.index('id="guest-needs-title"') :]
    found = re.findall(
        r'<p class="guest-need-who">(.*?)</p>\s*<p class="guest-need-text">(.*?)</p>', html, re.S
    )
    return [(who.strip(), text.strip()) for who, text in found]


ANONYMOUS = (
    # (name, need), added in this order: neither the names nor the order added match the
    # order of the needs' words.
    ("Carla Mendes", "Braille copies of the agenda"),
    ("Adil Omar", "Step-free access to the hall"),
    ("Bea Nowak", "A chair with arms"),
)


def test_anonymous_needs_are_in_the_order_of_their_words_not_of_names_or_adding(host_client, jam):
    GuestFactory(jam=jam, name="Zoe Named", needs="Captions")
    for name, need in ANONYMOUS:
        GuestFactory(jam=jam, name=name, needs=need, needs_anonymous=True)

    shown = _accessibility_needs(host_client, jam)

    assert shown == [
        ("Zoe Named", "Captions"),
        ("A guest (name not shared)", "A chair with arms"),
        ("A guest (name not shared)", "Braille copies of the agenda"),
        ("A guest (name not shared)", "Step-free access to the hall"),
    ]
    for name, _need in ANONYMOUS:
        assert name not in str(shown)


def test_the_accessibility_page_is_the_same_whoever_wrote_which_need(host_client, jam):
    """Swap who wrote what, and the order they were added: the page does not change."""
    guests = [
        GuestFactory(jam=jam, name=name, needs=need, needs_anonymous=True)
        for name, need in ANONYMOUS
    ]
    before = _accessibility_needs(host_client, jam)

    Guest.objects.filter(pk__in=[guest.pk for guest in guests]).delete()
    for (name, _need), (_other, need) in zip(ANONYMOUS, reversed(ANONYMOUS), strict=True):
        GuestFactory(jam=jam, name=name, needs=need, needs_anonymous=True)

    assert _accessibility_needs(host_client, jam) == before


def test_with_one_anonymous_need_the_list_still_does_not_point_at_its_guest(
    host_client, jam, three_guests
):
    """The Accessibility page shows the need; the guest list gives no way to match it."""
    needs = _accessibility_needs(host_client, jam)
    html = host_client.get(reverse("planning:guests", args=[jam.slug])).content.decode()

    assert needs == [("A guest (name not shared)", SECRET_NEED)]
    accessibility = reverse("space:accessibility", args=[jam.slug])
    for guest in three_guests.values():
        assert accessibility not in _row(html, guest)


def test_the_demo_jam_does_not_tell_whose_anonymous_need_is_whose(settings, client):
    settings.DEBUG = True
    call_command("demo", stdout=StringIO())
    jam = Jam.objects.get(name__startswith="Rest and Resource")
    anonymous = list(Guest.objects.filter(jam=jam, needs_anonymous=True).exclude(needs=""))
    silent = Guest.objects.filter(jam=jam, needs="").first()
    client.force_login(jam.host)

    html = client.get(reverse("planning:guests", args=[jam.slug])).content.decode()
    for guest in anonymous:
        assert guest.needs not in html
        row = _row(html, guest)
        # Only the answers differ from a guest who wrote nothing: no mark of the needs.
        needs_cell = re.search(r'<span class="cell-label">Needs: </span>(.*?)</td>', row, re.S)
        assert needs_cell[1] == '<span class="muted">—</span>'
    silent_cell = re.search(
        r'<span class="cell-label">Needs: </span>(.*?)</td>', _row(html, silent), re.S
    )
    assert silent_cell[1] == '<span class="muted">—</span>'

    unnamed = [need.text for need in needs_shared(jam=jam) if not need.name]
    by_name = [guest.needs for guest in sorted(anonymous, key=lambda guest: guest.name)]
    assert len(unnamed) == 3
    assert unnamed == sorted(unnamed, key=str.casefold)
    assert unnamed != by_name
