"""The run-of-show: where the session is, shared by the team's devices, and how late it runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from planning.enums import TeamRole
from sessions.agenda.services import agenda_item_delete
from sessions.run.models import RunState
from sessions.run.services import (
    EXTRA_MINUTES_MAX,
    RunStale,
    run_change,
    run_view,
)
from tests.factories import AgendaItemFactory, QuestionFactory, TeamMemberFactory
from tests.test_page_weight import BUDGET_BYTES, page_weight

pytestmark = pytest.mark.django_db

MIN = dt.timedelta(minutes=1)


@pytest.fixture
def session(jam):
    """Session 1 of `jam` with three items: 10, 20 and 30 minutes (planned end: start + 60)."""
    session = jam.sessions.get(number=1)
    for position, (minutes, title) in enumerate(
        [(10, "Arrival circle"), (20, "Healing circle"), (30, "Visioning")]
    ):
        AgendaItemFactory(
            session=session,
            position=position,
            duration_minutes=minutes,
            title=title,
            objective=f"Objective of {title}",
            practice=f"Practice of {title}",
            facilitator_notes=f"Notes for {title}",
        )
    return session


@pytest.fixture
def items(session):
    return list(session.agenda_items.order_by("position"))


def url(session, name="run", **kwargs):
    return reverse(
        f"sessions:{name}", kwargs={"slug": session.jam.slug, "key": session.key, **kwargs}
    )


# --- The state moves ------------------------------------------------------------------


def test_run_start_makes_the_first_item_current(session, items):
    now = session.starts_at

    state = run_change(action="start", session=session, now=now)

    assert state.current_item == items[0]
    assert state.started_at == now and state.item_started_at == now
    assert state.paused_at is None and state.finished_at is None
    assert state.version == 1


def test_run_start_twice_changes_nothing(session, items):
    run_change(action="start", session=session, now=session.starts_at)

    state = run_change(action="start", session=session, now=session.starts_at + 3 * MIN)

    assert state.version == 1
    assert state.item_started_at == session.starts_at


def test_run_start_on_an_empty_agenda_says_so(jam):
    session = jam.sessions.get(number=1)

    with pytest.raises(ValidationError, match="agenda is empty"):
        run_change(action="start", session=session, now=session.starts_at)


def test_run_pause_then_resume_moves_the_item_start_by_the_pause(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)

    paused = run_change(action="pause", session=session, now=start + 2 * MIN)
    left_while_paused = run_view(session=session, now=start + 6 * MIN).seconds_left
    resumed = run_change(action="resume", session=session, now=start + 5 * MIN)

    assert paused.paused_at == start + 2 * MIN
    assert left_while_paused == 8 * 60
    assert resumed.paused_at is None
    assert resumed.item_started_at == start + 3 * MIN
    assert run_view(session=session, now=start + 5 * MIN).seconds_left == 8 * 60
    assert resumed.version == 3


def test_run_next_and_back_move_by_agenda_order(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)
    run_change(action="extend", session=session, now=start + MIN)

    moved = run_change(action="next", session=session, now=start + 4 * MIN)
    assert moved.current_item == items[1]
    assert moved.item_started_at == start + 4 * MIN
    assert moved.extra_minutes == 0

    back = run_change(action="back", session=session, now=start + 6 * MIN)
    assert back.current_item == items[0]
    assert back.item_started_at == start + 6 * MIN


def test_run_next_while_paused_stays_paused_from_now(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)
    run_change(action="pause", session=session, now=start + MIN)

    state = run_change(action="next", session=session, now=start + 3 * MIN)

    assert state.current_item == items[1]
    assert state.paused_at == start + 3 * MIN
    view = run_view(session=session, now=start + 10 * MIN)
    assert view.paused and view.seconds_left == 20 * 60


def test_run_next_on_the_last_item_finishes_and_back_returns_to_it(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)
    run_change(action="next", session=session, now=start + 10 * MIN)
    run_change(action="next", session=session, now=start + 30 * MIN)

    finished = run_change(action="next", session=session, now=start + 58 * MIN)
    assert finished.finished_at == start + 58 * MIN
    assert run_view(session=session, now=start + 59 * MIN).current is None

    back = run_change(action="back", session=session, now=start + 59 * MIN)
    assert back.finished_at is None and back.current_item == items[2]


def test_deleting_the_current_item_moves_the_run_to_the_next(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)

    agenda_item_delete(item=items[0])

    state = RunState.objects.get(session=session)
    assert state.current_item == items[1]
    assert state.version == 2
    view = run_view(session=session, now=timezone.now())
    assert view.running and view.current.item == items[1] and view.next.item == items[2]


def test_deleting_the_last_item_while_it_runs_goes_back_to_the_one_before(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)
    run_change(action="next", session=session, now=start + 10 * MIN)
    run_change(action="next", session=session, now=start + 30 * MIN)

    agenda_item_delete(item=items[2])

    state = RunState.objects.get(session=session)
    assert state.current_item == items[1] and state.finished_at is None


def test_deleting_another_item_leaves_the_run_where_it_is(session, items):
    run_change(action="start", session=session, now=session.starts_at)

    agenda_item_delete(item=items[2])

    state = RunState.objects.get(session=session)
    assert state.current_item == items[0] and state.version == 1


def test_start_picks_up_a_run_whose_item_is_gone(session, items):
    run_change(action="start", session=session, now=session.starts_at)
    RunState.objects.filter(session=session).update(current_item=None)

    state = run_change(action="start", session=session, now=session.starts_at + 5 * MIN)

    assert state.current_item == items[0] and state.version == 2


def test_run_back_on_the_first_item_says_so(session, items):
    run_change(action="start", session=session, now=session.starts_at)

    with pytest.raises(ValidationError, match="first item"):
        run_change(action="back", session=session, now=session.starts_at + MIN)


def test_run_extend_adds_five_minutes_up_to_the_cap(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)

    state = run_change(action="extend", session=session, now=start)
    assert state.extra_minutes == 5
    assert run_view(session=session, now=start).seconds_left == 15 * 60

    for _ in range(EXTRA_MINUTES_MAX // 5 - 1):
        state = run_change(action="extend", session=session, now=start)
    assert state.extra_minutes == EXTRA_MINUTES_MAX
    with pytest.raises(ValidationError, match="extra minutes"):
        run_change(action="extend", session=session, now=start)


def test_run_finish_ends_the_session(session, items):
    run_change(action="start", session=session, now=session.starts_at)

    state = run_change(action="finish", session=session, now=session.starts_at + 40 * MIN)

    assert state.finished_at == session.starts_at + 40 * MIN


def test_a_stale_version_does_not_move_twice(session, items):
    """Two devices press Next on the same view: the second one gets the state back."""
    start = session.starts_at
    seen = run_change(action="start", session=session, now=start).version

    run_change(action="next", session=session, now=start + MIN, expected_version=seen)
    with pytest.raises(RunStale) as stale:
        run_change(action="next", session=session, now=start + MIN, expected_version=seen)

    assert stale.value.current.current_item == items[1]
    assert RunState.objects.get(session=session).current_item == items[1]


# --- Ahead or behind --------------------------------------------------------------------


def test_drift_on_time_before_the_start(session, items, time_machine):
    time_machine.move_to(session.starts_at - 30 * MIN, tick=False)

    view = run_view(session=session, now=session.starts_at - 30 * MIN)

    assert view.drift_seconds == 0
    assert view.next.item == items[0]


def test_drift_behind_after_a_late_start(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start + 5 * MIN)

    view = run_view(session=session, now=start + 5 * MIN)

    assert view.drift_seconds == 5 * 60
    assert view.drift_minutes == 5


def test_a_rehearsal_days_before_is_timed_from_its_own_start(session, items):
    rehearsal = session.starts_at - dt.timedelta(days=3)
    run_change(action="start", session=session, now=rehearsal)
    run_change(action="next", session=session, now=rehearsal + 12 * MIN)

    view = run_view(session=session, now=rehearsal + 12 * MIN)

    assert view.drift_minutes == 2  # the first item ran two minutes over, not "4320 min ahead"


def test_drift_ahead_when_an_item_ends_early(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)
    run_change(action="next", session=session, now=start + 4 * MIN)

    view = run_view(session=session, now=start + 4 * MIN)

    assert view.drift_seconds == -6 * 60
    assert view.drift_minutes == -6


def test_drift_grows_while_an_item_runs_over(session, items, time_machine):
    start = session.starts_at
    run_change(action="start", session=session, now=start)
    time_machine.move_to(start + 15 * MIN, tick=False)

    view = run_view(session=session, now=start + 15 * MIN)

    assert view.seconds_left == -5 * 60 and view.over
    assert view.clock == "05:00"
    assert view.drift_seconds == 5 * 60


def test_drift_grows_while_paused(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)
    run_change(action="pause", session=session, now=start + 2 * MIN)

    view = run_view(session=session, now=start + 7 * MIN)

    assert view.seconds_left == 8 * 60
    assert view.drift_seconds == 5 * 60


def test_drift_of_a_finished_session_is_its_end_against_plan(session, items):
    start = session.starts_at
    run_change(action="start", session=session, now=start)
    run_change(action="finish", session=session, now=start + 52 * MIN)

    assert run_view(session=session, now=start + 70 * MIN).drift_minutes == -8


# --- The page ---------------------------------------------------------------------------


def test_run_page_shows_the_current_and_next_item_with_notes(
    session, items, host_client, freeze_at
):
    freeze_at(session.starts_at + 3 * MIN)
    run_change(action="start", session=session, now=session.starts_at)

    response = host_client.get(url(session))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Arrival circle" in html and "Objective of Arrival circle" in html
    assert "Practice of Arrival circle" in html and "Notes for Arrival circle" in html
    assert "Healing circle" in html  # next
    assert "07:00" in html  # the countdown as the page is made
    assert "Item 1 of 3" in html
    assert "On time" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_run_page_before_the_start_offers_start(session, items, host_client):
    html = host_client.get(url(session)).content.decode()

    assert "Ready to start" in html
    assert url(session, "run_start") in html
    assert "Arrival circle" in html


def test_run_page_is_for_the_team_only(session, items, other_client, client):
    assert other_client.get(url(session)).status_code == 404
    assert other_client.get(url(session, "run_state")).status_code == 404
    for action in ("start", "pause", "resume", "next", "back", "extend", "finish"):
        assert other_client.post(url(session, f"run_{action}")).status_code == 404
    assert not RunState.objects.filter(session=session, started_at__isnull=False).exists()
    assert client.get(url(session)).status_code == 302  # to sign in


RUN_ACTIONS = ("start", "pause", "resume", "next", "back", "extend", "finish")


def test_a_role_that_does_not_run_sessions_sees_the_run_without_its_buttons(
    session, items, client, freeze_at
):
    freeze_at(session.starts_at + 3 * MIN)
    run_change(action="start", session=session, now=session.starts_at)
    question = QuestionFactory(session=session, text="Can we rest here next month?")
    mark_url = url(session, "run_question", pk=question.pk)
    poll = {"HX-Request": "true"}

    client.force_login(TeamMemberFactory(jam=session.jam, role=TeamRole.LOGISTICS).user)
    page = client.get(url(session)).content.decode()
    now_part = client.get(url(session), headers={**poll, "HX-Target": "run-now"}).content.decode()
    questions_part = client.get(url(session, "run_questions"), headers=poll).content.decode()
    client.force_login(TeamMemberFactory(jam=session.jam, role=TeamRole.FACILITATOR).user)
    offered = client.get(url(session)).content.decode()

    buttons = [url(session, f"run_{action}") for action in RUN_ACTIONS]
    for html in (page, now_part):
        assert "Arrival circle" in html and "07:00" in html and "data-run-clock" in html
        assert [button for button in buttons if button in html] == []
    assert f'data-state-url="{url(session, "run_state")}"' in page  # still kept up to date
    assert f'hx-get="{url(session, "run_questions")}' in page  # still polled
    for html in (page, questions_part):
        assert "Can we rest here next month?" in html and mark_url not in html
    assert "does not include running sessions" in page
    assert url(session, "run_pause") in offered and url(session, "run_next") in offered
    assert mark_url in offered
    assert "does not include running sessions" not in offered


def test_run_buttons_without_javascript_post_and_come_back(session, items, host_client):
    response = host_client.post(url(session, "run_start"), {"version": "0"})

    assert response.status_code == 302
    assert response["Location"] == url(session) + "#run-now"
    page = host_client.get(response["Location"]).content.decode()
    assert "Started: now “Arrival circle”." in page

    host_client.post(url(session, "run_next"), {"version": "1"})
    assert RunState.objects.get(session=session).current_item == items[1]


def test_run_buttons_with_htmx_answer_with_the_part(session, items, host_client):
    response = host_client.post(
        url(session, "run_start"), {"version": "0"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="run-now"')
    assert 'id="run-status" hx-swap-oob="innerHTML"' in html
    assert "Started: now “Arrival circle”." in html
    assert "<html" not in html


def test_a_stale_press_gets_the_state_back_with_a_note(session, items, host_client):
    run_change(action="start", session=session, now=session.starts_at)
    run_change(action="next", session=session, now=session.starts_at)  # another device, version 2

    response = host_client.post(
        url(session, "run_next"), {"version": "1"}, headers={"HX-Request": "true"}
    )

    assert "Someone else moved the session on" in response.content.decode()
    assert RunState.objects.get(session=session).current_item == items[1]


def test_a_press_that_makes_no_sense_is_answered_politely(session, items, host_client):
    response = host_client.post(url(session, "run_back"), follow=True)

    assert response.status_code == 200
    assert "The session has not started yet." in response.content.decode()


def test_get_on_a_button_goes_back_to_the_page(session, items, host_client):
    response = host_client.get(url(session, "run_next"))

    assert response.status_code == 302
    assert not RunState.objects.filter(session=session, version__gt=0).exists()


def test_two_devices_share_the_state(session, items, host_client, freeze_at):
    """The co-facilitator's phone shows what the host's phone started and moved on."""
    freeze_at(session.starts_at)
    teammate = TeamMemberFactory(jam=session.jam).user
    phone = Client()
    phone.force_login(teammate)

    host_client.post(url(session, "run_start"), {"version": "0"})
    phone.post(url(session, "run_next"), {"version": "1"})
    state = host_client.get(url(session, "run_state")).json()

    assert state["version"] == 2
    assert state["current"]["title"] == "Healing circle"
    assert state["next"]["title"] == "Visioning"
    assert "Healing circle" in phone.get(url(session)).content.decode()


def test_run_state_json_carries_the_server_clock(session, items, host_client, freeze_at):
    freeze_at(session.starts_at + 2 * MIN)
    run_change(action="start", session=session, now=session.starts_at)

    state = host_client.get(url(session, "run_state")).json()

    assert state["now"] == (session.starts_at + 2 * MIN).isoformat()
    assert state["now_ms"] == int((session.starts_at + 2 * MIN).timestamp() * 1000)
    assert state["item_started_ms"] == int(session.starts_at.timestamp() * 1000)
    assert state["item_seconds"] == 600 and state["seconds_left"] == 480
    assert state["rest_seconds"] == 50 * 60
    assert state["paused"] is False and state["paused_ms"] is None
    assert "Notes for" not in str(state)


def test_htmx_asks_for_the_run_part_alone(session, items, host_client):
    response = host_client.get(url(session), headers={"HX-Request": "true", "HX-Target": "run-now"})

    assert response.content.decode().lstrip().startswith('<section id="run-now"')
    assert "HX-Request" in response["Vary"]


def test_run_page_query_count_does_not_grow(session, host_client, django_assert_num_queries):
    run_change(action="start", session=session, now=session.starts_at)
    QuestionFactory.create_batch(5, session=session)
    with django_assert_num_queries(6) as small:
        host_client.get(url(session))

    AgendaItemFactory.create_batch(40, session=session)
    QuestionFactory.create_batch(200, session=session)
    with django_assert_num_queries(len(small.captured_queries)):
        host_client.get(url(session))


def test_run_page_weighs_under_50_kb_compressed(session, items, host_client):
    run_change(action="start", session=session, now=session.starts_at)
    QuestionFactory.create_batch(20, session=session)

    response = host_client.get(url(session))

    assert page_weight(response) < BUDGET_BYTES
