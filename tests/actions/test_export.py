"""A Jam's export: everything it holds, in one ZIP for its host; never a link that opens
anything; the same number of queries for a small Jam as for a big one."""

import csv
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planning.guests.tokens import calendar_feed_token, guest_link_token
from planning.models import Guest
from tests.actions.conftest import jam_with_everything
from tests.factories import GuestFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def export_url(jam) -> str:
    return f"/jams/{jam.slug}/export/"


def download(client, jam) -> dict[str, bytes]:
    response = client.get(export_url(jam))
    assert response.status_code == 200, response.content[:300]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def csv_rows(files, name) -> list[list[str]]:
    return list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"))))


@pytest.fixture
def big_jam(host):
    return jam_with_everything(host, many=3)


def test_export_is_a_zip_to_save_never_to_cache(host_client, big_jam):
    response = host_client.get(export_url(big_jam))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="jam-de-sanacion-nairobi-export-'
    )
    assert (
        "filename*=UTF-8''jam-de-sanaci%C3%B3n-nairobi-export-" in response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [
            "README.txt",
            "agenda.csv",
            "guests.csv",
            "jam.json",
            "sessions.csv",
        ]


def test_export_holds_every_part_of_the_jam(host_client, big_jam):
    data = json.loads(download(host_client, big_jam)["jam.json"])

    assert (data["format"], data["version"]) == ("jam-sessions-jam-export", 1)
    assert data["exported_by"] == "Host Person"
    assert data["jam"]["name"] == "Jam de sanación Nairobi"
    assert data["jam"]["host"] == {"name": "Host Person", "email": "host@example.test"}
    # Sessions on their own clocks, with their places.
    first, second = data["sessions"]
    assert (first["starts_at"], first["time_zone"]) == (
        "2031-03-14T18:00:00+03:00",
        "Africa/Nairobi",
    )
    assert first["venue"] == "Kuona Arts Centre" and not first["own_place"]
    assert (second["starts_at"], second["venue"]) == ("2031-03-21T12:00:00-03:00", "Casa do Povo")
    assert first["cancelled_at"] is None
    # Agendas with the notes of the day.
    agenda = data["agendas"][0]
    assert agenda["session"] == {"key": first["key"], "number": 1}
    assert [item["title"] for item in agenda["items"]] == [
        "Healing circle 0",
        "Healing circle 1",
        "Healing circle 2",
    ]
    assert agenda["items"][1]["starts_at"] == "2031-03-14T18:15:00+03:00"
    assert agenda["items"][0]["notes_on_the_day"] == "Everyone spoke once (0)"
    assert agenda["items"][0]["led_by"]
    # The team (roles, never tokens), the roadmap, the materials.
    assert [member["role_name"] for member in data["team"]] == [
        "Host",
        "Singer 0",
        "Singer 1",
        "Singer 2",
    ]
    assert data["team_invitations"][0]["role"] == "facilitator"
    phases = [task["phase"] for task in data["roadmap"]]
    assert phases[0] == "weeks_2_3" and phases[-1] == "after"  # in the roadmap's order
    titles = [task["title"] for task in data["roadmap"]]
    assert "Ask about the drums (2)" in titles and len(titles) > 3
    assert [material["name"] for material in data["materials"]] == ["Drum 0", "Drum 1", "Drum 2"]
    # Guests with their answers and what they shared, and what was sent to them.
    guest = data["guests"][0]
    assert (guest["name"], guest["needs"]) == ("Guest 0", "A chair near the door (0)")
    assert guest["profile"]["pronouns"] == "she/her"
    assert [(a["session"]["number"], a["answer"]) for a in guest["answers"]] == [
        (1, "yes"),
        (2, "maybe"),
    ]
    assert [email["kind"] for email in guest["emails"]] == ["invitation", "announcement"]
    assert data["messages_to_guests"][0]["subject"].startswith("Bring something warm")
    assert data["messages_to_guests"][0]["guests"] == 3
    # The day: who came, the question box, the feedback.
    assert len(data["attendance"]) == 4
    assert {"name": "Amani", "walk_in": True}.items() <= data["attendance"][-1].items()
    assert data["question_box"][0]["text"] == "Can we meet again? (0)"
    assert data["feedback"][0]["text"] == "The silence at the start (0)"
    # The space.
    assert data["housekeeping_rules"] and data["accessibility_checklist"]
    assert data["vision"]["given_that"] == "burnout"
    # The journal and the report with its answers and CIVICUS's comments.
    assert len(data["journal"]) == 3
    assert data["journal"][0]["answers"][0]["text"] == "Call the venue (0)"
    report = data["report"]
    assert report["status"] == "submitted"
    outcomes = next(answer for answer in report["answers"] if answer["field"] == "outcomes")
    assert outcomes["answer"] == "We planned a shared garden."
    assert outcomes["question"].startswith("In your own words")
    assert report["reviews"][0]["comment_to_the_host"] == "Tell us more about who came."
    assert data["programme"] == "Jam Sessions 2031"


def test_export_holds_no_link_that_opens_anything(host_client, big_jam):
    files = download(host_client, big_jam)
    everything = b"".join(files.values()).decode("utf-8")

    secrets = [calendar_feed_token(big_jam), big_jam.calendar_key.hex, str(big_jam.calendar_key)]
    for guest in Guest.objects.filter(jam=big_jam):
        secrets += [guest_link_token(guest), guest.link_key.hex, str(guest.link_key)]
    for session in big_jam.sessions.all():
        secrets += [session.public_code, str(session.uid)]
    secrets.append(f"secret-team-invitation-{big_jam.slug}")
    assert [secret for secret in secrets if secret in everything] == []
    assert "/i/" not in everything and "/q/" not in everything and "/calendar/" not in everything


def test_export_csvs_are_readable_in_a_spreadsheet(host_client, big_jam):
    GuestFactory(jam=big_jam, name='=HYPERLINK("http://evil.example")', email="")
    files = download(host_client, big_jam)

    guests = csv_rows(files, "guests.csv")
    assert guests[0][:6] == [
        "Name",
        "Email address",
        "Added",
        "Invited",
        "Session 1 (2031-03-14)",
        "Session 2 (2031-03-21)",
    ]
    assert [
        guests[2][0],
        guests[2][4],
        guests[2][5],
        guests[2][6],
    ] == ["Guest 0", "Yes, I will come", "Maybe", "A chair near the door (0)"]
    # A name that looks like a formula stays text.
    assert guests[1][0] == '\'=HYPERLINK("http://evil.example")'
    sessions = csv_rows(files, "sessions.csv")
    assert sessions[1][:4] == [
        "Session 1",
        "2031-03-14 18:00",
        "2031-03-14 20:00",
        "Africa/Nairobi",
    ]
    assert sessions[1][-4:] == ["3", "0", "0", "4"]  # said yes, maybe, no; came
    agenda = csv_rows(files, "agenda.csv")
    assert agenda[1][:6] == [
        "Session 1",
        "1",
        "2031-03-14 18:00",
        "2031-03-14 18:15",
        "15",
        "Healing circle 0",
    ]
    assert agenda[1][-1] == "Everyone spoke once (0)"
    assert "guests.csv" in files["README.txt"].decode()


def test_export_reads_the_same_number_of_queries_for_few_and_many(host_client, host):
    few = jam_with_everything(host, many=1)
    many = jam_with_everything(host, many=4)

    with CaptureQueriesContext(connection) as small:
        download(host_client, few)
    with CaptureQueriesContext(connection) as big:
        download(host_client, many)

    assert len(big) == len(small), (len(small), len(big))


def test_export_of_another_hosts_jam_is_not_found(other_client, big_jam):
    assert other_client.get(export_url(big_jam)).status_code == 404


def test_export_is_the_hosts_not_the_teams(other_client, other_host, big_jam):
    TeamMemberFactory(jam=big_jam, user=other_host)

    response = other_client.get(export_url(big_jam))

    assert response.status_code == 403
    assert b"Guest 0" not in response.content


def test_export_asks_a_stranger_to_sign_in(client, big_jam):
    response = client.get(export_url(big_jam))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_jam_home_links_the_export_for_the_host_only(host_client, other_client, other_host, jam):
    TeamMemberFactory(jam=jam, user=other_host)

    assert export_url(jam) in host_client.get(f"/jams/{jam.slug}/").text
    assert export_url(jam) not in other_client.get(f"/jams/{jam.slug}/").text


def test_export_of_a_jam_just_made_holds_its_empty_parts(host_client, jam):
    data = json.loads(download(host_client, jam)["jam.json"])

    assert len(data["sessions"]) == 1
    assert data["guests"] == data["journal"] == data["question_box"] == []
    assert data["agendas"] == [
        {"session": {"key": jam.sessions.get().key, "number": 1}, "items": []}
    ]
    assert data["report"] is data["vision"] is data["programme"] is None
