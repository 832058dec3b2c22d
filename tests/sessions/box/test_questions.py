"""The anonymous question box: asked from /q/<code>/, seen on the facilitator's screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import segno
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from sessions.box.models import Question
from sessions.box.questions import BROWSER_LIMIT, SESSION_LIMIT, box_link
from tests.factories import (
    AgendaItemFactory,
    JamFactory,
    QuestionFactory,
    SessionFactory,
)
from tests.test_page_weight import BUDGET_BYTES, page_weight

pytestmark = pytest.mark.django_db

MIN = dt.timedelta(minutes=1)


@pytest.fixture
def session(jam):
    return jam.sessions.get(number=1)


@pytest.fixture
def during(session, freeze_at):
    """The clock stopped ten minutes into the session."""
    freeze_at(session.starts_at + 10 * MIN)
    return session


def box(session, name="page"):
    return reverse(f"box:{name}", kwargs={"code": session.public_code})


def board(session, name="run_questions", **kwargs):
    return reverse(
        f"sessions:{name}", kwargs={"slug": session.jam.slug, "key": session.key, **kwargs}
    )


HTMX = {"HX-Request": "true"}


# --- Asking ---------------------------------------------------------------------------


def test_the_box_page_says_where_and_that_it_is_anonymous(during, client):
    response = client.get(box(during))

    html = response.content.decode()
    assert response.status_code == 200
    assert during.jam.name in html and "Session 1" in html
    assert "Ask a question or leave a comment" in html
    assert "It is anonymous" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_a_question_is_kept_with_nothing_about_who_asked(during, client):
    response = client.post(
        box(during, "ask"),
        {"text": "  How do we keep resting after today?  "},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Phone/1.0",
    )

    assert response.status_code == 302
    assert response["Location"] == box(during) + "?sent=1#ask"
    row = Question.objects.values().get()
    assert set(row) == {"id", "session_id", "text", "created_at", "answered_at", "hidden_at"}
    assert row["session_id"] == during.pk
    assert row["text"] == "How do we keep resting after today?"
    assert (row["created_at"].second, row["created_at"].microsecond) == (0, 0)  # the minute only
    stored = " ".join(str(value) for value in model_to_dict(Question.objects.get()).values())
    assert "203.0.113.7" not in stored and "Phone" not in stored
    assert {field.name for field in Question._meta.get_fields()} == {
        "id",
        "session",
        "text",
        "created_at",
        "answered_at",
        "hidden_at",
    }
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you, it is on the facilitator’s screen now." in thanks


def test_an_empty_question_is_refused_with_a_message(during, client):
    response = client.post(box(during, "ask"), {"text": "   "})

    assert response.status_code == 200
    assert "Write your question or comment first." in response.content.decode()
    assert not Question.objects.exists()


def test_a_long_question_is_refused_and_kept(during, client):
    text = "Why " * 130  # 520 characters

    response = client.post(box(during, "ask"), {"text": text})

    html = response.content.decode()
    assert "Keep it to 500 characters or fewer: it has 519." in html
    assert text.strip() in html
    assert not Question.objects.exists()


def test_one_browser_is_slowed_down_politely(during, client):
    for number in range(BROWSER_LIMIT):
        assert client.post(box(during, "ask"), {"text": f"Q{number}"}).status_code == 302

    response = client.post(box(during, "ask"), {"text": "One more thought"})

    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Please wait a minute and send it again" in html
    assert "One more thought" in html
    assert Question.objects.count() == BROWSER_LIMIT
    # The cookie holds times only, signed; a minute later the browser may ask again.
    assert "Q0" not in client.cookies["box_posts"].value


def test_one_browser_may_ask_again_a_minute_later(during, client, time_machine):
    for number in range(BROWSER_LIMIT):
        client.post(box(during, "ask"), {"text": f"Q{number}"})
    time_machine.move_to(during.starts_at + 11 * MIN + dt.timedelta(seconds=1), tick=False)

    assert client.post(box(during, "ask"), {"text": "Later"}).status_code == 302


def test_a_flood_on_one_session_is_held_back(during, client):
    QuestionFactory.create_batch(SESSION_LIMIT, session=during)

    response = Client().post(box(during, "ask"), {"text": "Mine too"})

    assert response.status_code == 429
    assert "Mine too" in response.content.decode()
    assert Question.objects.count() == SESSION_LIMIT


def test_a_flood_across_the_turn_of_a_minute_is_held_back_too(during, time_machine):
    minute = during.starts_at.replace(second=0, microsecond=0) + 10 * MIN
    time_machine.move_to(minute + dt.timedelta(seconds=59), tick=False)
    QuestionFactory.create_batch(SESSION_LIMIT, session=during)

    time_machine.move_to(minute + MIN + dt.timedelta(seconds=1), tick=False)
    response = Client().post(box(during, "ask"), {"text": "Two seconds later"})

    assert response.status_code == 429
    assert Question.objects.count() == SESSION_LIMIT


def test_the_box_is_closed_long_before_the_session(session, client, freeze_at):
    freeze_at(session.starts_at - 2 * dt.timedelta(hours=1))

    page = client.get(box(session)).content.decode()
    response = client.post(box(session, "ask"), {"text": "Too early?"})

    assert "The question box opens an hour before the session starts" in page
    assert "<textarea" not in page
    assert response.status_code == 403
    assert "Too early?" in response.content.decode()
    assert not Question.objects.exists()


def test_the_box_opens_an_hour_before_and_closes_an_hour_after(session, client, freeze_at):
    freeze_at(session.starts_at - 59 * MIN)
    assert client.post(box(session, "ask"), {"text": "Early bird"}).status_code == 302

    freeze_at(session.ends_at + 61 * MIN)
    response = Client().post(box(session, "ask"), {"text": "Late"})
    assert response.status_code == 403
    assert "The question box is closed" in response.content.decode()
    assert list(Question.objects.values_list("text", flat=True)) == ["Early bird"]


def test_an_unknown_code_is_a_kind_404(client, db):
    for code in ["nosuchcode", "x" * 40, "ABC-DEF", "%3Cscript%3E"]:
        response = client.get(f"/q/{code}/")
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert client.post("/q/nosuchcode/ask/", {"text": "Hi"}).status_code == 404
    assert client.get("/q/nosuchcode/qr.svg").status_code == 404


def test_a_code_posts_only_to_its_own_session(during, client):
    other = SessionFactory(jam=JamFactory(), starts_at=during.starts_at)

    client.post(box(during, "ask"), {"text": "For session one", "session": other.pk})

    question = Question.objects.get()
    assert question.session == during
    assert not other.questions.exists()


def test_the_public_page_never_shows_notes_or_questions(during, client):
    AgendaItemFactory(session=during, facilitator_notes="SECRET facilitator note")
    QuestionFactory(session=during, text="An earlier question from the room")
    QuestionFactory(session=SessionFactory(), text="Another Jam's question")

    responses = [
        client.get(box(during)),
        client.post(box(during, "ask"), {"text": ""}),
        client.post(box(during, "ask"), {"text": "Fine"}, follow=True),
    ]

    for response in responses:
        html = response.content.decode()
        assert "SECRET" not in html
        assert "An earlier question" not in html
        assert "Another Jam" not in html


def test_the_qr_code_is_an_svg_without_inline_style(session, client):
    response = client.get(box(session, "qr"))

    svg = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert svg.startswith("<svg") and "</svg>" in svg
    assert "style=" not in svg and "<script" not in svg
    assert "max-age=86400" in response["Cache-Control"]


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """Read a QR code's dark modules back from the SVG paths segno draws (M, m and h)."""
    path = re.search(r'stroke="#000" d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            dark.update((int(x) + step, int(y)) for step in range(int(values[0])))
            x += values[0]
    return dark


def test_the_qr_code_holds_the_short_link_of_the_box(session, client):
    svg = client.get(box(session, "qr")).content.decode()

    link = box_link(session)
    expected = segno.make(link, error="m")
    border = 2
    wanted = {
        (column + border, row + border)
        for row, line in enumerate(expected.matrix)
        for column, module in enumerate(line)
        if module
    }
    assert link.endswith(f"/q/{session.public_code}/")
    assert dark_modules(svg) == wanted


# --- The facilitator's screen -----------------------------------------------------------


def test_questions_show_on_the_run_page_newest_first(during, host_client):
    QuestionFactory(session=during, text="First question")
    QuestionFactory(session=during, text="Second <question>")

    html = host_client.get(board(during, "run")).content.decode()

    assert html.index("Second &lt;question&gt;") < html.index("First question")
    assert "Questions from the room" in html
    assert during.public_code in html
    assert reverse("box:qr", kwargs={"code": during.public_code}) in html


def test_the_questions_part_polls_and_announces_new_ones(during, host_client):
    seen = QuestionFactory(session=during, text="Old one")
    QuestionFactory(session=during, text="New one")

    response = host_client.get(board(during), {"seen": seen.pk}, headers=HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="run-questions"')
    assert 'hx-trigger="every 5s"' in html
    assert "1 new question" in html


def test_the_questions_part_is_empty_when_nothing_changed(during, host_client):
    QuestionFactory(session=during)
    first = host_client.get(board(during), headers=HTMX).content.decode()
    fingerprint = first.split("v=", 1)[1].split('"', 1)[0].split("&", 1)[0]

    response = host_client.get(board(during), {"v": fingerprint}, headers=HTMX)

    assert response.status_code == 204
    QuestionFactory(session=during)
    assert host_client.get(board(during), {"v": fingerprint}, headers=HTMX).status_code == 200


def test_the_team_marks_a_question_answered_then_hides_it(during, host_client):
    question = QuestionFactory(session=during, text="Will there be tea?")

    response = host_client.post(
        board(during, "run_question", pk=question.pk), {"mark": "answered"}, headers=HTMX
    )
    question.refresh_from_db()
    assert question.answered_at is not None
    html = response.content.decode()
    assert "Marked as answered." in html and "run-question-answered" in html

    response = host_client.post(
        board(during, "run_question", pk=question.pk), {"mark": "hide"}, headers=HTMX
    )
    question.refresh_from_db()
    assert question.hidden_at is not None
    html = response.content.decode()
    assert "Will there be tea?" not in html
    assert "1 hidden." in html

    shown = host_client.get(board(during), {"hidden": "1"}, headers=HTMX).content.decode()
    assert "Will there be tea?" in shown and "Show again" in shown


def test_marking_without_javascript_comes_back_to_the_page(during, host_client):
    question = QuestionFactory(session=during)

    response = host_client.post(board(during, "run_question", pk=question.pk), {"mark": "hide"})

    assert response.status_code == 302
    assert response["Location"].endswith("#run-questions")
    page = host_client.get(response["Location"]).content.decode()
    assert "Hidden from this screen." in page


def test_an_unknown_mark_changes_nothing(during, host_client):
    question = QuestionFactory(session=during)

    response = host_client.post(
        board(during, "run_question", pk=question.pk), {"mark": "delete"}, headers=HTMX
    )

    assert "Choose what to do with the question." in response.content.decode()
    question.refresh_from_db()
    assert question.answered_at is None and question.hidden_at is None


def test_only_the_team_sees_and_marks_questions(during, other_client, client, host_client):
    question = QuestionFactory(session=during, text="Only for the team")
    elsewhere = QuestionFactory(session=SessionFactory(jam=JamFactory()))

    assert other_client.get(board(during), headers=HTMX).status_code == 404
    mark = board(during, "run_question", pk=question.pk)
    assert other_client.post(mark, {"mark": "hide"}).status_code == 404
    assert client.post(mark, {"mark": "hide"}).status_code == 302  # to sign in
    foreign = board(during, "run_question", pk=elsewhere.pk)
    assert host_client.post(foreign, {"mark": "hide"}).status_code == 404
    question.refresh_from_db()
    elsewhere.refresh_from_db()
    assert question.hidden_at is None and elsewhere.hidden_at is None


@pytest.mark.parametrize("count", [5, 200])
def test_the_questions_part_query_count_stays_the_same(
    during, host_client, django_assert_num_queries, count
):
    QuestionFactory.create_batch(count, session=during)
    QuestionFactory.create_batch(3, session=during, answered_at=during.starts_at)
    QuestionFactory.create_batch(2, session=during, hidden_at=during.starts_at)

    with django_assert_num_queries(4):
        response = host_client.get(board(during), {"hidden": "1"}, headers=HTMX)

    assert response.content.decode().count('<li class="run-question') == count + 5


def test_the_box_page_weighs_under_50_kb_compressed(during, client):
    assert page_weight(client.get(box(during))) < BUDGET_BYTES
