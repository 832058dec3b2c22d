"""The guest list's core: links, adding and importing guests, answers, profiles, privacy."""

import pytest
from django.core.exceptions import ValidationError

from planning.enums import MessageKind, MessageStatus, RsvpAnswer
from planning.guests.selectors import DIVERSITY_MIN_GROUP, diversity_summary, needs_shared
from planning.guests.services import (
    IMPORT_MAX_LINES,
    guest_create,
    guest_erase,
    guest_link_revoke,
    guest_profile_update,
    guest_profile_withdraw,
    guests_import,
    import_line_parse,
    rsvp_set,
)
from planning.guests.tokens import (
    calendar_feed_token,
    guest_get_by_token,
    guest_link_token,
    jam_get_by_feed_token,
)
from planning.models import Guest, GuestMessage, Rsvp
from tests.factories import GuestFactory, JamFactory, RsvpFactory, SessionFactory

pytestmark = pytest.mark.django_db


# --- Links ---------------------------------------------------------------------------


def test_a_guest_link_finds_its_guest_and_says_nothing_guessable(jam):
    guest = GuestFactory(jam=jam)
    token = guest_link_token(guest)

    assert guest_get_by_token(token=token) == guest
    assert len(token) > 60
    assert guest.email not in token and str(guest.pk) != token


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.split(".")[0],
        lambda token: "",
        lambda token: "x" * 500,
        lambda token: "not-a-token.at-all",
    ],
)
def test_a_tampered_or_made_up_link_finds_nobody(jam, tamper):
    guest = GuestFactory(jam=jam)

    with pytest.raises(Guest.DoesNotExist):
        guest_get_by_token(token=tamper(guest_link_token(guest)))


def test_a_link_signed_for_the_calendar_feed_is_not_a_guest_link(jam):
    with pytest.raises(Guest.DoesNotExist):
        guest_get_by_token(token=calendar_feed_token(jam))
    assert jam_get_by_feed_token(token=calendar_feed_token(jam)) == jam


def test_a_revoked_link_stops_working_and_the_new_one_works(jam):
    guest = GuestFactory(jam=jam)
    old = guest_link_token(guest)

    guest_link_revoke(guest=guest)

    with pytest.raises(Guest.DoesNotExist):
        guest_get_by_token(token=old)
    assert guest_get_by_token(token=guest_link_token(guest)) == guest


# --- Adding guests -----------------------------------------------------------------------


def test_adding_a_guest_keeps_a_tidy_name_and_a_lowercase_address(jam, host):
    guest = guest_create(jam=jam, name="  Ana   María ", email="Ana@Example.ORG ", added_by=host)

    assert (guest.name, guest.email, guest.added_by) == ("Ana María", "ana@example.org", host)


@pytest.mark.parametrize(
    ("name", "email", "message"),
    [
        ("", "a@example.org", "Write the guest’s name."),
        ("Ana", "not-an-address", "Enter a valid email address."),
        ("x" * 121, "a@example.org", "at most 120 characters"),
    ],
)
def test_adding_a_guest_with_bad_details_says_what_is_wrong(jam, host, name, email, message):
    with pytest.raises(ValidationError) as error:
        guest_create(jam=jam, name=name, email=email, added_by=host)

    assert message in error.value.messages[0]
    assert not Guest.objects.exists()


def test_the_same_address_twice_is_refused_but_another_jam_may_have_it(jam, host):
    guest_create(jam=jam, name="Ana", email="ana@example.org", added_by=host)

    with pytest.raises(ValidationError, match="already on the guest list"):
        guest_create(jam=jam, name="Ana again", email="ANA@example.org", added_by=host)
    guest_create(jam=JamFactory(host=host), name="Ana", email="ana@example.org", added_by=host)

    assert Guest.objects.count() == 2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ana Pérez, ana@example.org", ("Ana Pérez", "ana@example.org")),
        ("Ana Pérez <Ana@Example.org>", ("Ana Pérez", "ana@example.org")),
        ('"Ana Pérez" <ana@example.org>', ("Ana Pérez", "ana@example.org")),
        ("Ana Pérez; ana@example.org", ("Ana Pérez", "ana@example.org")),
        ("Ana Pérez\tana@example.org", ("Ana Pérez", "ana@example.org")),
        ("ana@example.org, Ana Pérez", ("Ana Pérez", "ana@example.org")),
        ("Лейла Ахмедова, leyla@example.org", ("Лейла Ахмедова", "leyla@example.org")),
    ],
)
def test_a_pasted_line_may_be_written_in_the_usual_ways(line, expected):
    assert import_line_parse(line) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("just a name", "Write a name and an email address"),
        ("Ana, ", "The email address is missing."),
        (", ana@example.org", "The name is missing."),
        ("Ana, ana(at)example.org", "is not an email address"),
    ],
)
def test_a_bad_pasted_line_says_what_is_wrong(line, message):
    with pytest.raises(ValidationError) as error:
        import_line_parse(line)

    assert message in error.value.messages[0]


def test_importing_keeps_the_good_lines_and_reports_the_others_by_line(jam, host):
    GuestFactory(jam=jam, email="known@example.org")
    text = "\n".join(
        [
            "Ana Pérez, ana@example.org",
            "",
            "no address here",
            "Known Person, KNOWN@example.org",
            "Baraka <baraka@example.org>",
            "Ana again, ana@example.org",
            "Chiara; chiara@example",
        ]
    )

    result = guests_import(jam=jam, text=text, added_by=host)

    assert sorted(guest.email for guest in result.added) == [
        "ana@example.org",
        "baraka@example.org",
    ]
    assert [(problem.line_number, problem.line) for problem in result.problems] == [
        (3, "no address here"),
        (4, "Known Person, KNOWN@example.org"),
        (6, "Ana again, ana@example.org"),
        (7, "Chiara; chiara@example"),
    ]
    assert "already on the guest list" in result.problems[1].message
    assert Guest.objects.filter(jam=jam).count() == 3


def test_a_paste_longer_than_a_jam_could_use_is_refused_whole(jam, host):
    text = "\n".join(f"Guest {n}, guest{n}@example.org" for n in range(IMPORT_MAX_LINES + 1))

    with pytest.raises(ValidationError, match="at most"):
        guests_import(jam=jam, text=text, added_by=host)
    assert not Guest.objects.exists()


# --- Answers, needs and profiles ------------------------------------------------------------


def test_an_answer_is_recorded_and_can_be_changed(jam):
    guest, session = GuestFactory(jam=jam), jam.sessions.get()

    rsvp_set(guest=guest, session=session, answer=RsvpAnswer.MAYBE)
    rsvp_set(guest=guest, session=session, answer=RsvpAnswer.YES)

    assert list(Rsvp.objects.values_list("answer", flat=True)) == ["yes"]


def test_an_answer_for_another_jams_session_or_a_made_up_answer_is_refused(jam):
    guest = GuestFactory(jam=jam)

    with pytest.raises(ValidationError):
        rsvp_set(guest=guest, session=SessionFactory(), answer=RsvpAnswer.YES)
    with pytest.raises(ValidationError, match="yes, maybe or no"):
        rsvp_set(guest=guest, session=jam.sessions.get(), answer="perhaps")
    assert not Rsvp.objects.exists()


def test_profile_details_need_consent_and_can_be_withdrawn(jam):
    guest = GuestFactory(jam=jam)
    details = {
        "pronouns": "she/her",
        "gender": "woman",
        "age_range": "25_34",
        "movement": "climate",
    }

    with pytest.raises(ValidationError, match="Tick the box"):
        guest_profile_update(guest=guest, consent=False, **details)
    guest.refresh_from_db()
    assert guest.gender == "" and guest.profile_consented_at is None

    guest_profile_update(guest=guest, consent=True, **details)
    guest.refresh_from_db()
    assert (guest.gender, guest.pronouns, guest.has_profile) == ("woman", "she/her", True)

    guest_profile_withdraw(guest=guest)
    guest.refresh_from_db()
    assert (guest.pronouns, guest.gender, guest.age_range, guest.movement) == ("", "", "", "")
    assert guest.profile_consented_at is None


def test_a_profile_answer_not_offered_is_refused(jam):
    guest = GuestFactory(jam=jam)

    with pytest.raises(ValidationError, match="Choose one of the answers"):
        guest_profile_update(
            guest=guest, consent=True, pronouns="", gender="robot", age_range="", movement=""
        )


# --- Diversity and needs, without names ----------------------------------------------------


def _profiled(jam, count, **profile):
    return GuestFactory.create_batch(
        count, jam=jam, profile_consented_at="2026-11-01T10:00Z", **profile
    )


def test_the_diversity_summary_counts_only_consenting_guests_and_hides_small_groups(jam):
    _profiled(jam, 4, gender="woman", age_range="25_34")
    _profiled(jam, 3, gender="man", age_range="25_34")
    _profiled(jam, 2, gender="non_binary")
    GuestFactory(jam=jam, gender="woman")  # no consent: not counted
    GuestFactory(jam=jam, erased_at="2026-11-02T10:00Z")

    summary = diversity_summary(jam=jam)

    gender = summary.fields[0]
    assert (summary.guests, summary.answered) == (10, 9)
    assert [(group.label, group.count) for group in gender.groups] == [("Woman", 4), ("Man", 3)]
    assert gender.hidden == 2 and DIVERSITY_MIN_GROUP == 3
    assert summary.one_group_fields == [summary.fields[1]]  # everyone who gave an age: 25 to 34


def test_the_summary_does_not_warn_about_too_few_answers_to_tell(jam):
    _profiled(jam, 2, gender="woman")

    assert diversity_summary(jam=jam).one_group_fields == []


def test_needs_carry_a_name_only_when_the_guest_allowed_it(jam):
    GuestFactory(jam=jam, name="Ana", needs="Step-free access")
    GuestFactory(jam=jam, name="Baraka", needs="A quiet room", needs_anonymous=True)
    GuestFactory(jam=jam, name="Chiara", needs="")

    shared = needs_shared(jam=jam)

    assert [(need.text, need.name) for need in shared] == [
        ("Step-free access", "Ana"),
        ("A quiet room", ""),
    ]


# --- Erasure ---------------------------------------------------------------------------------


def test_erasing_a_guest_keeps_only_anonymous_answers(jam):
    guest = GuestFactory(
        jam=jam,
        name="Ana Pérez",
        email="ana@example.org",
        needs="Interpretation",
        pronouns="she/her",
        gender="woman",
        profile_consented_at="2026-11-01T10:00Z",
        timezone="America/Lima",
    )
    RsvpFactory(guest=guest, session=jam.sessions.get(), answer="yes")
    token = guest_link_token(guest)
    GuestMessage.objects.create(
        jam=jam, guest=guest, kind=MessageKind.INVITATION, key="invitation:1", status="sent"
    )
    GuestMessage.objects.create(
        jam=jam, guest=guest, kind=MessageKind.REMINDER_DAY, key="reminder_day:1", status="queued"
    )

    guest_erase(guest=guest)

    row = Guest.objects.values().get(pk=guest.pk)
    personal = ("name", "email", "needs", "pronouns", "gender", "age_range", "movement", "timezone")
    assert all(row[field] == "" for field in personal)
    assert row["profile_consented_at"] is None and row["erased_at"] is not None
    assert "Ana" not in str(row) and "ana@example.org" not in str(row)
    assert list(guest.rsvps.values_list("answer", flat=True)) == ["yes"]
    assert list(guest.messages.values_list("status", flat=True)) == [MessageStatus.SENT]
    with pytest.raises(Guest.DoesNotExist):
        guest_get_by_token(token=token)
