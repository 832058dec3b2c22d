"""Closing feedback: the window, anonymity, the public and the guest's form, the team's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jamsessions.pace import Pace
from planning.guests.tokens import guest_link_token
from sessions.feedback.models import Feedback, FeedbackPrompt
from sessions.feedback.services import (
    PACE_LIMIT,
    feedback_box_context,
    feedback_give,
    feedback_grouped,
    feedback_window,
    feedback_window_open,
)
from tests.factories import FeedbackFactory, GuestFactory, JamFactory, SessionFactory

pytestmark = pytest.mark.django_db

# 18:00–20:00 in Nairobi: 15:00–17:00 UTC. Feedback closes a week after the end.
STARTS = dt.datetime(2031, 5, 12, 15, 0, tzinfo=dt.UTC)
ENDS = STARTS + dt.timedelta(hours=2)
CLOSES = ENDS + dt.timedelta(days=7)
DURING = STARTS + dt.timedelta(hours=1)


@pytest.fixture
def session(jam):
    session = jam.sessions.get(number=1)
    session.starts_at = STARTS
    session.duration_minutes = 120
    session.save()
    return session


@pytest.fixture
def at(time_machine):
    """Stop the clock at an instant (for pages opened without an account)."""

    def move(instant):
        time_machine.move_to(instant, tick=False)

    return move


def give_url(session) -> str:
    return reverse("feedback:give", kwargs={"code": session.public_code})


def team_url(session) -> str:
    return reverse("sessions:feedback", kwargs={"slug": session.jam.slug, "key": session.key})


def guest_url(guest, session) -> str:
    return reverse(
        "guest:feedback",
        kwargs={"token": guest_link_token(guest), "key": session.key},
    )


def guest_page_url(guest) -> str:
    return reverse("guest:page", kwargs={"token": guest_link_token(guest)})


ANSWERS = {"learned": "Breathing together.", "liked": "The healing circle.", "improve": ""}


# --- The window ------------------------------------------------------------------------


def test_the_window_opens_at_the_start_and_closes_a_week_after_the_end(session):
    assert feedback_window(session) == (STARTS, CLOSES)


@pytest.mark.parametrize(
    ("now", "is_open"),
    [
        (STARTS - dt.timedelta(seconds=1), False),
        (STARTS, True),
        (ENDS + dt.timedelta(days=6), True),
        (CLOSES - dt.timedelta(seconds=1), True),
        (CLOSES, False),
        (CLOSES + dt.timedelta(days=30), False),
    ],
)
def test_the_window_is_open_only_between_start_and_a_week_after(session, now, is_open):
    assert feedback_window_open(session, now) is is_open


def test_feedback_before_the_start_is_refused_saying_when_it_opens(session):
    with pytest.raises(ValidationError) as refused:
        feedback_give(session, ANSWERS, STARTS - dt.timedelta(minutes=5))

    message = refused.value.messages[0]
    assert "opens when the session starts" in message
    assert "18:00" in message and "Africa/Nairobi" in message
    assert not Feedback.objects.exists()


def test_feedback_a_week_after_the_end_is_refused_saying_it_closed(session):
    with pytest.raises(ValidationError) as refused:
        feedback_give(session, ANSWERS, CLOSES + dt.timedelta(minutes=1))

    assert "closed on" in refused.value.messages[0]
    assert "20:00" in refused.value.messages[0]
    assert not Feedback.objects.exists()


def test_feedback_is_taken_at_the_start_and_six_days_after_the_end(session):
    feedback_give(session, {"liked": "At the start"}, STARTS)
    feedback_give(session, {"liked": "Six days on"}, ENDS + dt.timedelta(days=6))

    assert list(Feedback.objects.values_list("text", flat=True).order_by("pk")) == [
        "At the start",
        "Six days on",
    ]


# --- Giving it -------------------------------------------------------------------------


def test_one_row_is_kept_per_prompt_answered(session):
    rows = feedback_give(session, ANSWERS, DURING)

    assert sorted((row.prompt, row.text) for row in rows) == [
        ("learned", "Breathing together."),
        ("liked", "The healing circle."),
    ]


def test_at_least_one_answer_is_required(session):
    with pytest.raises(ValidationError) as refused:
        feedback_give(session, {"learned": "  ", "liked": ""}, DURING)

    assert "at least one answer" in refused.value.messages[0]
    assert not Feedback.objects.exists()


def test_a_too_long_answer_is_refused_by_the_service(session):
    with pytest.raises(ValidationError) as refused:
        feedback_give(session, {"improve": "x" * (Feedback.TEXT_MAX_LENGTH + 1)}, DURING)

    assert "improve" in refused.value.message_dict
    assert not Feedback.objects.exists()


def test_a_flood_of_forms_is_held_back_keeping_the_text(client, session, at):
    at(DURING)
    for _form in range(PACE_LIMIT):
        feedback_give(session, {"liked": "Bot"}, DURING)

    response = client.post(give_url(session), {"learned": "My real answer"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "please send yours again in a minute" in page.lower()
    assert "My real answer" in page
    assert Feedback.objects.count() == PACE_LIMIT


def test_the_flood_cap_holds_across_the_turn_of_a_minute_and_then_lets_go(session):
    minute = DURING.replace(second=0, microsecond=0)
    for _form in range(PACE_LIMIT):
        feedback_give(session, {"liked": "Bot"}, minute + dt.timedelta(seconds=59))

    with pytest.raises(ValidationError, match="holding new ones back"):
        feedback_give(session, {"liked": "Two seconds later"}, minute + dt.timedelta(seconds=61))

    later = minute + dt.timedelta(minutes=2, seconds=1)
    feedback_give(session, {"liked": "Two minutes later"}, later)
    assert Feedback.objects.filter(text="Two minutes later").exists()


def test_the_pace_keeps_only_a_count_for_two_minutes(session, jam):
    other = SessionFactory(jam=JamFactory(), starts_at=STARTS, duration_minutes=120)
    feedback_give(other, {"liked": "Elsewhere"}, DURING)

    feedback_give(session, {"liked": "Here"}, DURING + dt.timedelta(minutes=5))

    rows = list(Pace.objects.values())
    assert [set(row) for row in rows] == [{"id", "cap", "key", "minute", "count"}]
    assert rows[0]["cap"] == "feedback"
    assert rows[0]["key"] == str(session.pk) and rows[0]["count"] == 1


def test_a_row_keeps_nothing_but_the_session_prompt_text_and_day(client, session, at):
    guest = GuestFactory(jam=session.jam, name="Amina Secret", email="amina@example.test")
    at(DURING)

    client.post(guest_url(guest, session), {"learned": "Something new"})

    row = Feedback.objects.values().get()
    assert set(row) == {"id", "session_id", "prompt", "text", "given_on"}
    assert row["session_id"] == session.pk
    assert row["given_on"] == DURING.date()
    assert "Amina" not in str(row) and "amina@" not in str(row)
    assert guest_link_token(guest) not in str(row)
    assert str(guest.pk) not in {str(value) for key, value in row.items() if key != "id"}


# --- Reading it ------------------------------------------------------------------------


def test_feedback_is_grouped_per_prompt_newest_first(session):
    FeedbackFactory(session=session, prompt="liked", text="first liked")
    FeedbackFactory(session=session, prompt="improve", text="more breaks")
    FeedbackFactory(session=session, prompt="liked", text="second liked")
    FeedbackFactory(prompt="liked", text="another Jam")

    groups = feedback_grouped(session)

    assert [group.prompt for group in groups] == list(FeedbackPrompt)
    assert [group.texts for group in groups] == [
        [],
        ["second liked", "first liked"],
        ["more breaks"],
    ]
    assert [group.count for group in groups] == [0, 2, 1]


# --- The public form behind the question box ----------------------------------------------


def test_the_public_form_keeps_anonymous_feedback_and_says_thank_you_with_htmx(client, session, at):
    at(DURING)

    response = client.post(give_url(session), ANSWERS, headers={"HX-Request": "true"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Thank you! Your feedback is saved" in page
    assert 'id="feedback"' in page and "<form" not in page
    assert Feedback.objects.filter(session=session).count() == 2
    assert "no-store" in response["Cache-Control"]


def test_the_public_form_without_javascript_goes_back_with_a_message(client, session, at):
    at(DURING)

    response = client.post(give_url(session), ANSWERS, follow=True)

    box_page = reverse("box:page", kwargs={"code": session.public_code})
    assert response.redirect_chain == [(f"{box_page}#feedback", 302)]
    page = response.content.decode()
    assert "Thank you! Your feedback is saved" in page
    assert "You already shared your feedback for this session" in page  # instead of the form
    assert 'name="learned"' not in page
    assert Feedback.objects.count() == 2


def test_the_question_box_page_shows_the_feedback_form_while_open(client, session, at):
    box_page = reverse("box:page", kwargs={"code": session.public_code})
    at(STARTS - dt.timedelta(hours=1))
    before = client.get(box_page).content.decode()
    at(DURING)
    during = client.get(box_page).content.decode()

    assert "Feedback opens when the session starts" in before
    assert 'name="learned"' not in before
    assert f'action="{give_url(session)}"' in during
    assert 'name="learned"' in during


def test_a_second_submit_from_the_same_browser_is_refused_politely(client, session, at):
    at(DURING)
    client.post(give_url(session), ANSWERS)

    again = client.post(give_url(session), ANSWERS, headers={"HX-Request": "true"})
    without_js = client.post(give_url(session), ANSWERS, follow=True)

    assert "You already shared your feedback for this session — thank you." in (
        again.content.decode()
    )
    assert "You already shared your feedback" in without_js.content.decode()
    assert Feedback.objects.count() == 2


def test_a_tampered_cookie_does_not_stop_anyone(client, session, at):
    at(DURING)
    client.cookies[f"feedback_given_{session.pk}"] = "made up"

    client.post(give_url(session), ANSWERS)

    assert Feedback.objects.count() == 2


def test_an_empty_form_answers_clearly(client, session, at):
    at(DURING)

    response = client.post(give_url(session), {"learned": "", "liked": " "})

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Write at least one answer" in page
    assert not Feedback.objects.exists()


def test_a_too_long_answer_is_answered_clearly_keeping_the_text(client, session, at):
    at(DURING)
    long_text = "Long story " * 100  # 1,100 characters

    response = client.post(give_url(session), {"learned": "Kept too", "improve": long_text})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Write at most 1000 characters (you wrote 1099)" in page
    assert long_text.strip() in page
    assert "Kept too" in page
    assert not Feedback.objects.exists()


def test_a_too_long_answer_with_htmx_comes_back_in_the_box(client, session, at):
    at(DURING)

    response = client.post(give_url(session), {"liked": "y" * 1001}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith("<section") or 'id="feedback"' in page
    assert "Write at most 1000 characters" in page
    assert "y" * 1001 in page


def test_the_public_form_before_the_start_says_when_it_opens_keeping_the_text(client, session, at):
    at(STARTS - dt.timedelta(hours=1))

    response = client.post(give_url(session), {"learned": "Too early"})

    page = response.content.decode()
    assert "Feedback opens when the session starts" in page
    assert "Too early" in page
    assert not Feedback.objects.exists()


def test_the_public_form_a_week_after_says_it_closed(client, session, at):
    at(CLOSES + dt.timedelta(hours=1))

    response = client.post(give_url(session), {"learned": "Too late"}, follow=True)

    assert "Feedback for this session closed on" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_session_public_code_adds_only_to_its_own_session(client, session, at):
    other = SessionFactory(starts_at=STARTS)  # another Jam, same time
    at(DURING)

    client.post(
        give_url(session),
        {**ANSWERS, "session": other.pk, "session_id": other.pk, "code": other.public_code},
    )

    assert Feedback.objects.filter(session=session).count() == 2
    assert not Feedback.objects.filter(session=other).exists()


def test_an_unknown_code_is_not_found(client, session, at):
    at(DURING)

    response = client.post(reverse("feedback:give", kwargs={"code": "nosuchcode"}), ANSWERS)

    assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_the_box_context_offers_the_form_while_open(rf, session):
    context = feedback_box_context(session=session, now=DURING)

    box = context["feedback"]
    assert box.is_open and box.shows_form
    assert box.url == give_url(session)
    assert list(box.form.fields) == ["learned", "liked", "improve"]


def test_the_box_context_says_when_it_opens_before_the_start(session):
    box = feedback_box_context(session=session, now=STARTS - dt.timedelta(days=1))["feedback"]

    assert not box.shows_form
    assert "opens when the session starts" in box.window_message


def test_the_box_context_thanks_a_browser_that_already_gave(client, rf, session, at):
    at(DURING)
    response = client.post(give_url(session), ANSWERS)
    request = rf.get("/")
    request.COOKIES = {key: morsel.value for key, morsel in response.cookies.items()}

    box = feedback_box_context(session=session, now=DURING, request=request)["feedback"]

    assert box.given and not box.shows_form


# --- From a participant's own page ---------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "shown"),
    [
        (STARTS - dt.timedelta(minutes=1), False),
        (DURING, True),
        (ENDS + dt.timedelta(days=6), True),
        (CLOSES + dt.timedelta(minutes=1), False),
    ],
)
def test_the_guest_page_shows_the_form_only_while_open(client, session, at, now, shown):
    guest = GuestFactory(jam=session.jam)
    at(now)

    page = client.get(guest_page_url(guest)).content.decode()

    assert (f'id="session-{session.key}-feedback"' in page) is shown
    assert ('name="learned"' in page) is shown


def test_the_guest_page_form_stores_an_anonymous_row(client, session, at):
    guest = GuestFactory(jam=session.jam, name="Kofi Private")
    at(DURING)

    response = client.post(guest_url(guest, session), ANSWERS, follow=True)

    page = response.content.decode()
    assert "Thank you! Your feedback is saved" in page
    assert "You already shared your feedback for this session" in page
    rows = list(Feedback.objects.values())
    assert len(rows) == 2
    assert all(set(row) == {"id", "session_id", "prompt", "text", "given_on"} for row in rows)
    assert "Kofi" not in str(rows)


def test_the_guest_page_form_with_htmx_answers_with_the_box(client, session, at):
    guest = GuestFactory(jam=session.jam)
    at(DURING)

    response = client.post(guest_url(guest, session), ANSWERS, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert f'id="session-{session.key}-feedback"' in page
    assert "Thank you! Your feedback is saved" in page
    assert "no-store" in response["Cache-Control"]


def test_the_guest_page_refuses_a_second_submit_politely(client, session, at):
    guest = GuestFactory(jam=session.jam)
    at(DURING)
    client.post(guest_url(guest, session), ANSWERS)

    response = client.post(guest_url(guest, session), ANSWERS, follow=True)

    assert "You already shared your feedback for this session — thank you." in (
        response.content.decode()
    )
    assert Feedback.objects.count() == 2


def test_the_public_box_and_the_guest_page_share_the_refusal(client, session, at):
    guest = GuestFactory(jam=session.jam)
    at(DURING)
    client.post(give_url(session), ANSWERS)

    client.post(guest_url(guest, session), ANSWERS)

    assert Feedback.objects.count() == 2


def test_the_guest_page_form_errors_show_on_the_page_keeping_the_text(client, session, at):
    guest = GuestFactory(jam=session.jam)
    at(DURING)

    response = client.post(guest_url(guest, session), {"liked": "z" * 1200})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Write at most 1000 characters" in page
    assert "z" * 1200 in page
    assert not Feedback.objects.exists()


def test_a_guest_cannot_give_feedback_to_another_jams_session(client, session, at):
    guest = GuestFactory(jam=session.jam)
    other = SessionFactory(jam=JamFactory(), number=2, starts_at=STARTS)
    at(DURING)

    response = client.post(guest_url(guest, other), ANSWERS)

    # Not one of the guest's Jam's sessions: answered as a removed one, with their page.
    assert response.status_code == 302
    assert response["Location"] == guest_page_url(guest) + "#sessions"
    assert not Feedback.objects.exists()


# --- The team's page -----------------------------------------------------------------------


def test_the_team_sees_the_feedback_grouped_per_prompt(host_client, session, freeze_at):
    freeze_at(DURING)
    FeedbackFactory(session=session, prompt="learned", text="Breathing together")
    FeedbackFactory(session=session, prompt="improve", text="Longer breaks")
    FeedbackFactory(session=session, prompt="improve", text="Warmer room")

    page = host_client.get(team_url(session)).content.decode()

    assert "3 answers in all." in page
    assert "One thing I learned <span" in page and "1 answer</span>" in page
    assert "2 answers</span>" in page
    assert page.index("Warmer room") < page.index("Longer breaks")
    assert "Nothing for this prompt yet." in page  # liked
    assert "Open to participants until" in page


def test_the_team_page_has_an_empty_state(host_client, session):
    page = host_client.get(team_url(session)).content.decode()

    assert "No feedback yet." in page
    assert "Feedback opens when the session starts" in page


def test_the_team_page_is_not_found_for_another_host(other_client, session):
    FeedbackFactory(session=session, text="Private to the team")

    response = other_client.get(team_url(session))

    assert response.status_code == 404
    assert "Private to the team" not in response.content.decode()


def test_the_team_page_asks_to_sign_in(client, session):
    response = client.get(team_url(session))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("answers", [5, 200])
def test_the_team_page_reads_a_fixed_number_of_queries(
    host_client, session, django_assert_num_queries, answers
):
    prompts = FeedbackPrompt.values
    Feedback.objects.bulk_create(
        Feedback(session=session, prompt=prompts[index % 3], text=f"Answer {index}")
        for index in range(answers)
    )

    # The sign-in (session, user), the session with its Jam, the feedback.
    with django_assert_num_queries(4):
        response = host_client.get(team_url(session))

    assert response.content.decode().count("<li>Answer ") == answers


@pytest.mark.parametrize("earlier", [5, 200])
def test_giving_feedback_reads_a_fixed_number_of_queries(
    client, session, at, django_assert_num_queries, earlier
):
    FeedbackFactory.create_batch(earlier, session=session)
    at(DURING)

    # The session by its code; in a savepoint: the session's pace lock, clearing old paces,
    # the session's recent paces, counting this form in them, the insert.
    with django_assert_num_queries(8):
        response = client.post(give_url(session), ANSWERS, headers={"HX-Request": "true"})

    assert "Thank you!" in response.content.decode()
