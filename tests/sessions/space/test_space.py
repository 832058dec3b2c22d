"""The space a Jam holds: housekeeping rules, the accessibility checklist, the shared vision."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jamsessions.actions.jams import jam_create, jam_update
from planning.enums import JamFormat, TeamRole
from sessions.space.models import AccessibilityCheck, HouseRule, Vision
from sessions.space.services import housekeeping_defaults, vision_save
from tests.factories import HouseRuleFactory, JamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
EXAMPLE = (
    "Given the increase in cyclones in the Philippines, we might offer Filipinos our help "
    "during extreme weather events and hold big polluters responsible by taking simple "
    "social actions."
)


def new_jam(host, jam_format=JamFormat.ONLINE, name="Healing Jam"):
    """A Jam made the way the site makes it, with the toolkit's defaults."""
    return jam_create(
        host=host,
        details={"name": name, "objectives": "Rest and laugh together.", "format": jam_format},
        starts_at=dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=14),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )


def url(name, jam, pk=None) -> str:
    kwargs = {"slug": jam.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"space:{name}", kwargs=kwargs)


def rule_texts(jam) -> list[str]:
    return list(
        HouseRule.objects.filter(jam=jam).order_by("position").values_list("text", flat=True)
    )


def positions(jam) -> list[int]:
    return list(
        HouseRule.objects.filter(jam=jam).order_by("position").values_list("position", flat=True)
    )


class _FormReader(HTMLParser):
    """What a browser would send for the first form posting to `action`."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.data = action, False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == self.action:
            self.inside = True
        elif tag == "input" and self.inside and attrs.get("name"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.data[attrs["name"]] = attrs.get("value", "on")
            else:
                self.data[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form_data(html: str, action: str) -> dict:
    reader = _FormReader(action)
    reader.feed(html)
    assert reader.data, f"no form posting to {action}"
    return reader.data


# --- Housekeeping rules --------------------------------------------------------------


def test_housekeeping_new_online_jam_has_the_toolkit_rules_in_order(host, host_client):
    jam = new_jam(host, JamFormat.ONLINE)

    response = host_client.get(url("housekeeping", jam))

    assert response.status_code == 200
    html = response.content.decode()
    expected = [entry["text"] for entry in housekeeping_defaults()]
    assert rule_texts(jam) == expected
    indexes = [html.index(text) for text in expected]
    assert indexes == sorted(indexes)
    assert "Online, we mute our microphone when we are not speaking." in html


def test_housekeeping_new_in_person_jam_has_no_online_rules(host, host_client):
    jam = new_jam(host, JamFormat.IN_PERSON)

    html = host_client.get(url("housekeeping", jam)).content.decode()

    assert "We hold this space together, with respect, compassion and love." in html
    assert "mute our microphone" not in html
    assert "mute our microphone" not in " ".join(rule_texts(jam))


def test_housekeeping_edit_saves_the_new_text(host, host_client):
    jam = new_jam(host)
    rule = HouseRule.objects.filter(jam=jam).order_by("position").first()

    form = host_client.get(url("house_rule_edit", jam, rule.pk))
    response = host_client.post(
        url("house_rule_edit", jam, rule.pk), {"text": "  We arrive as we are.  "}
    )

    assert rule.text in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"{url('housekeeping', jam)}#rule-{rule.pk}"
    rule.refresh_from_db()
    assert rule.text == "We arrive as we are."
    page = host_client.get(url("housekeeping", jam)).content.decode()
    assert "We arrive as we are." in page
    assert "The rule is saved." in page


def test_housekeeping_edit_empty_rule_is_refused_and_kept(host, host_client):
    jam = new_jam(host)
    rule = HouseRule.objects.filter(jam=jam).order_by("position").first()
    before = rule.text

    response = host_client.post(url("house_rule_edit", jam, rule.pk), {"text": "   "})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Write the rule" in html
    assert f"Now: “{before}”" in html
    rule.refresh_from_db()
    assert rule.text == before


def test_housekeeping_edit_too_long_rule_is_refused_with_its_length(host, host_client):
    jam = new_jam(host)
    rule = HouseRule.objects.filter(jam=jam).order_by("position").first()
    before = rule.text

    response = host_client.post(url("house_rule_edit", jam, rule.pk), {"text": "x" * 301})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep the rule to 300 characters or fewer (it has 301)" in html
    rule.refresh_from_db()
    assert rule.text == before


def test_housekeeping_add_puts_the_rule_at_the_end(host, host_client):
    jam = new_jam(host)
    count = HouseRule.objects.filter(jam=jam).count()

    response = host_client.post(url("house_rule_create", jam), {"text": "Phones on silent."})

    rule = HouseRule.objects.get(jam=jam, text="Phones on silent.")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#rule-{rule.pk}")
    assert rule_texts(jam)[-1] == "Phones on silent."
    assert positions(jam) == list(range(count + 1))


def test_housekeeping_add_to_an_empty_list(host_client, jam):
    host_client.post(url("house_rule_create", jam), {"text": "Phones on silent."})

    assert rule_texts(jam) == ["Phones on silent."]
    assert positions(jam) == [0]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write the rule"), ("y" * 301, "300 characters or fewer (it has 301)")],
)
def test_housekeeping_add_bad_rule_is_refused_with_a_message(host, host_client, text, message):
    jam = new_jam(host)
    before = rule_texts(jam)

    response = host_client.post(url("house_rule_create", jam), {"text": text})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert 'href="#id_text"' in html  # the summary links to the field
    assert rule_texts(jam) == before


def test_housekeeping_add_by_get_goes_back_to_the_page(host_client, jam):
    response = host_client.get(url("house_rule_create", jam))

    assert response.status_code == 302
    assert response["Location"] == f"{url('housekeeping', jam)}#add"


def test_housekeeping_delete_asks_then_removes_and_renumbers(host_client, jam):
    first, second, third = (HouseRuleFactory(jam=jam, position=i) for i in range(3))

    confirm = host_client.get(url("house_rule_delete", jam, second.pk))
    response = host_client.post(url("house_rule_delete", jam, second.pk))

    assert second.text in confirm.content.decode()
    assert "This also deletes" not in confirm.content.decode()  # nothing goes with it
    assert response.status_code == 302
    assert rule_texts(jam) == [first.text, third.text]
    assert positions(jam) == [0, 1]
    page = host_client.get(url("housekeeping", jam)).content.decode()
    assert f"“{second.text}” is removed." in page


def test_housekeeping_move_down_and_up_by_form_post(host_client, jam):
    first, second, third = (HouseRuleFactory(jam=jam, position=i) for i in range(3))

    down = host_client.post(url("house_rule_move", jam, first.pk), {"direction": "down"})

    assert down.status_code == 302
    assert down["Location"] == f"{url('housekeeping', jam)}#rule-{first.pk}"
    assert rule_texts(jam) == [second.text, first.text, third.text]

    host_client.post(url("house_rule_move", jam, third.pk), {"direction": "up"})

    assert rule_texts(jam) == [second.text, third.text, first.text]
    assert positions(jam) == [0, 1, 2]


def test_housekeeping_move_past_either_end_changes_nothing(host_client, jam):
    first, second = (HouseRuleFactory(jam=jam, position=i) for i in range(2))

    host_client.post(url("house_rule_move", jam, first.pk), {"direction": "up"})
    host_client.post(url("house_rule_move", jam, second.pk), {"direction": "down"})

    assert rule_texts(jam) == [first.text, second.text]


def test_housekeeping_move_by_htmx_returns_the_new_list(host_client, jam):
    first, second = (HouseRuleFactory(jam=jam, position=i) for i in range(2))

    response = host_client.post(
        url("house_rule_move", jam, second.pk), {"direction": "up"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert html.lstrip().startswith('<ol id="house-rules"')
    assert "<html" not in html
    assert html.index(second.text) < html.index(first.text)
    assert rule_texts(jam) == [second.text, first.text]


def test_housekeeping_move_buttons_work_without_javascript(host_client, jam):
    first, second = (HouseRuleFactory(jam=jam, position=i) for i in range(2))

    html = host_client.get(url("housekeeping", jam)).content.decode()

    move = url("house_rule_move", jam, first.pk)
    assert f'method="post" action="{move}"' in html
    assert f'id="rule-{first.pk}-down"' in html
    assert f'id="rule-{first.pk}-up"' not in html  # already at the top
    assert f'id="rule-{second.pk}-up"' in html


def test_housekeeping_move_with_an_unknown_direction_is_refused(host_client, jam):
    first, second = (HouseRuleFactory(jam=jam, position=i) for i in range(2))

    response = host_client.post(url("house_rule_move", jam, first.pk), {"direction": "sideways"})

    assert response.status_code == 400
    assert "up or down" in response.content.decode()
    assert rule_texts(jam) == [first.text, second.text]


def test_housekeeping_rule_of_another_jam_is_404_through_this_jam(host, host_client, jam):
    other_jams_rule = HouseRuleFactory(jam=JamFactory(host=host), text="Elsewhere")

    for name in ("house_rule_edit", "house_rule_delete", "house_rule_move"):
        response = host_client.post(
            url(name, jam, other_jams_rule.pk), {"text": "Hijacked", "direction": "up"}
        )
        assert response.status_code == 404, name
    other_jams_rule.refresh_from_db()
    assert other_jams_rule.text == "Elsewhere"


def test_housekeeping_page_queries_do_not_grow_with_the_rules(host_client, jam):
    HouseRuleFactory(jam=jam)
    with CaptureQueriesContext(connection) as one:
        assert host_client.get(url("housekeeping", jam)).status_code == 200

    HouseRuleFactory.create_batch(19, jam=jam)
    with CaptureQueriesContext(connection) as twenty:
        response = host_client.get(url("housekeeping", jam))

    assert response.content.decode().count('class="task house-rule"') == 20
    assert len(twenty) == len(one)


def test_housekeeping_edited_rules_are_on_the_agenda_pdf(host, host_client):
    from tests.sessions.agenda.test_pdf import text_of

    jam = new_jam(host)
    HouseRule.objects.filter(jam=jam).exclude(template_key="respect").delete()
    host_client.post(url("house_rule_create", jam), {"text": "Phones on silent."})

    key = jam.sessions.get().key
    pdf = host_client.get(reverse("sessions:agenda_pdf", kwargs={"slug": jam.slug, "key": key}))

    text = text_of(pdf.content)
    assert text.index("We hold this space together") < text.index("Phones on silent.")


# --- Accessibility checklist -------------------------------------------------------------


def check_keys(jam) -> set[str]:
    return set(AccessibilityCheck.objects.filter(jam=jam).values_list("key", flat=True))


def test_accessibility_online_jam_has_platform_not_mobility(host, host_client):
    jam = new_jam(host, JamFormat.ONLINE)

    html = host_client.get(url("accessibility", jam)).content.decode()

    assert "platform" in check_keys(jam)
    assert not check_keys(jam) & {"mobility", "transport"}
    assert "Choose a platform everyone finds easy" in html
    assert "Check the venue for mobility and step-free access" not in html
    assert "Describe images and what is happening in the room" in html
    assert "0 of 6 done" in html


def test_accessibility_in_person_jam_has_mobility_not_platform(host, host_client):
    jam = new_jam(host, JamFormat.IN_PERSON)

    html = host_client.get(url("accessibility", jam)).content.decode()

    assert {"mobility", "transport"} <= check_keys(jam)
    assert "platform" not in check_keys(jam)
    assert "Check the venue for mobility and step-free access" in html
    assert "Choose a platform everyone finds easy" not in html


def test_accessibility_going_hybrid_adds_the_missing_checks_and_keeps_ticks(host, host_client):
    jam = new_jam(host, JamFormat.ONLINE)
    AccessibilityCheck.objects.filter(jam=jam, key="platform").update(done=True, note="Jitsi")

    jam_update(jam=jam, details={"format": JamFormat.HYBRID})

    assert {"platform", "mobility", "transport"} <= check_keys(jam)
    platform = AccessibilityCheck.objects.get(jam=jam, key="platform")
    assert platform.done
    assert platform.note == "Jitsi"
    html = host_client.get(url("accessibility", jam)).content.decode()
    assert "Check the venue for mobility and step-free access" in html
    assert "1 of 8 done" in html


def test_accessibility_tick_and_note_are_saved(host, host_client):
    jam = new_jam(host, JamFormat.ONLINE)
    page = url("accessibility", jam)
    describe = AccessibilityCheck.objects.get(jam=jam, key="describe")
    platform = AccessibilityCheck.objects.get(jam=jam, key="platform")
    data = form_data(host_client.get(page).content.decode(), page)
    data[f"done-{describe.pk}"] = "on"
    data[f"note-{describe.pk}"] = "Amina describes the slides"
    data[f"note-{platform.pk}"] = "Checking Jitsi on phones"

    response = host_client.post(page, data)

    assert response.status_code == 302
    describe.refresh_from_db()
    platform.refresh_from_db()
    assert (describe.done, describe.note) == (True, "Amina describes the slides")
    assert (platform.done, platform.note) == (False, "Checking Jitsi on phones")
    html = host_client.get(page).content.decode()
    assert "The checklist is saved." in html
    assert "1 of 6 done" in html
    assert 'value="Amina describes the slides"' in html


def test_accessibility_untick_is_saved(host, host_client):
    jam = new_jam(host, JamFormat.ONLINE)
    AccessibilityCheck.objects.filter(jam=jam, key="describe").update(done=True)
    page = url("accessibility", jam)
    describe = AccessibilityCheck.objects.get(jam=jam, key="describe")
    data = form_data(host_client.get(page).content.decode(), page)
    assert data[f"done-{describe.pk}"] == "on"
    del data[f"done-{describe.pk}"]

    host_client.post(page, data)

    describe.refresh_from_db()
    assert not describe.done


def test_accessibility_two_people_saving_at_once_keep_each_others_changes(host, host_client):
    jam = new_jam(host, JamFormat.ONLINE)
    page = url("accessibility", jam)
    describe = AccessibilityCheck.objects.get(jam=jam, key="describe")
    platform = AccessibilityCheck.objects.get(jam=jam, key="platform")
    html = host_client.get(page).content.decode()
    mine, theirs = form_data(html, page), form_data(html, page)
    mine[f"done-{describe.pk}"] = "on"
    theirs[f"note-{platform.pk}"] = "Captions on"

    host_client.post(page, mine)
    host_client.post(page, theirs)

    describe.refresh_from_db()
    platform.refresh_from_db()
    assert describe.done
    assert platform.note == "Captions on"


def test_accessibility_too_long_note_is_refused_and_nothing_saved(host, host_client):
    jam = new_jam(host, JamFormat.ONLINE)
    page = url("accessibility", jam)
    describe = AccessibilityCheck.objects.get(jam=jam, key="describe")
    data = form_data(host_client.get(page).content.decode(), page)
    data[f"done-{describe.pk}"] = "on"
    data[f"note-{describe.pk}"] = "n" * 501

    response = host_client.post(page, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Keep the note to 500 characters or fewer (it has 501)" in html
    assert f'href="#id_note-{describe.pk}"' in html
    describe.refresh_from_db()
    assert (describe.done, describe.note) == (False, "")


def test_accessibility_checks_of_another_jam_cannot_be_ticked_from_this_one(host, host_client):
    jam = new_jam(host, JamFormat.ONLINE)
    elsewhere = new_jam(host, JamFormat.ONLINE, name="Another Jam")
    theirs = AccessibilityCheck.objects.get(jam=elsewhere, key="describe")
    page = url("accessibility", jam)
    data = form_data(host_client.get(page).content.decode(), page)
    data[f"done-{theirs.pk}"] = "on"
    data[f"initial-done-{theirs.pk}"] = "False"

    host_client.post(page, data)

    theirs.refresh_from_db()
    assert not theirs.done


def test_accessibility_checks_of_an_earlier_format_stay_when_used(host, host_client):
    jam = new_jam(host, JamFormat.ONLINE)
    AccessibilityCheck.objects.filter(jam=jam, key="platform").update(note="Jitsi")

    jam_update(jam=jam, details={"format": JamFormat.IN_PERSON})
    html = host_client.get(url("accessibility", jam)).content.decode()

    assert "From the Jam’s earlier format" in html
    assert "Choose a platform everyone finds easy" in html
    assert 'value="Jitsi"' in html
    assert "Check the venue for mobility and step-free access" in html
    assert "0 of 7 done" in html  # the earlier one is not counted


def test_accessibility_guest_needs_are_an_honest_empty_state(host, host_client):
    jam = new_jam(host)

    html = host_client.get(url("accessibility", jam)).content.decode()

    assert "What guests said they need" in html
    assert "No guest has written what they need yet." in html


def test_accessibility_page_works_without_javascript(host, host_client):
    jam = new_jam(host)
    page = url("accessibility", jam)

    html = host_client.get(page).content.decode()

    assert f'<form method="post" action="{page}"' in html
    assert "hx-" not in html.split("<main", 1)[1]
    assert 'type="submit"' in html


# --- Shared vision -------------------------------------------------------------------------


VISION = {
    "given_that": "the increase in cyclones in the Philippines",
    "verb": "help",
    "persona": "Filipinos",
    "goal": "get through extreme weather events",
    "outcome": "big polluters held responsible",
    "opportunity": "taking simple social actions",
}


def test_vision_page_offers_the_toolkit_example_as_a_hint(host_client, jam):
    html = host_client.get(url("vision", jam)).content.decode()

    assert EXAMPLE in html
    assert "Not written yet." in html
    # The parts read on as one sentence: "…whom", "to…", "and achieve…", "by…".
    assert (
        html.index(">…whom") < html.index(">to…") < html.index(">and achieve…") < html.index(">by…")
    )
    assert not Vision.objects.filter(jam=jam).exists()


def test_vision_first_save_creates_it_and_shows_one_sentence(host_client, jam):
    response = host_client.post(url("vision", jam), VISION)

    assert response.status_code == 302
    vision = Vision.objects.get(jam=jam)
    assert vision.persona == "Filipinos"
    html = host_client.get(url("vision", jam)).content.decode()
    assert (
        "Given the increase in cyclones in the Philippines, how might we help Filipinos to get "
        "through extreme weather events and achieve big polluters held responsible by taking "
        "simple social actions?"
    ) in html
    assert "Your shared vision is saved." in html


def test_vision_second_save_changes_the_same_vision(host_client, jam):
    host_client.post(url("vision", jam), VISION)

    host_client.post(url("vision", jam), {**VISION, "verb": "inspire", "persona": "young people"})

    vision = Vision.objects.get(jam=jam)
    assert (vision.verb, vision.persona) == ("inspire", "young people")
    assert (
        "how might we inspire young people" in host_client.get(url("vision", jam)).content.decode()
    )


def test_vision_with_only_some_parts_reads_with_gaps(host_client, jam):
    host_client.post(
        url("vision", jam), {"given_that": "burnout among organisers", "verb": "enable"}
    )

    html = host_client.get(url("vision", jam)).content.decode()
    assert "Given burnout among organisers, how might we enable … to …" in html


def test_vision_empty_is_refused_with_a_message(host_client, jam):
    response = host_client.post(url("vision", jam), {"verb": "help"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Write at least “Given that…”, “…whom” or “to…”" in html
    assert not Vision.objects.filter(jam=jam).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"goal": "g" * 501}, "Use at most 500 characters (it has 501)."),
        ({"verb": "force"}, "Choose help, enable or inspire."),
    ],
)
def test_vision_bad_input_is_refused_and_the_saved_vision_kept(host_client, jam, change, message):
    host_client.post(url("vision", jam), VISION)

    response = host_client.post(url("vision", jam), {**VISION, **change})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "how might we help Filipinos to get through extreme weather events" in html
    vision = Vision.objects.get(jam=jam)
    assert (vision.goal, vision.verb) == (VISION["goal"], "help")


# --- Another host -------------------------------------------------------------------------


def test_space_pages_show_their_controls_only_to_a_role_that_prepares_the_space(host, client):
    jam = new_jam(host, JamFormat.ONLINE)
    rule = HouseRule.objects.filter(jam=jam).order_by("position")[1]
    AccessibilityCheck.objects.filter(jam=jam, key="describe").update(
        done=True, note="Amina describes the slides"
    )
    vision_save(jam=jam, details=VISION)
    note_taker = TeamMemberFactory(jam=jam, role=TeamRole.NOTE_TAKER).user
    logistics = TeamMemberFactory(jam=jam, role=TeamRole.LOGISTICS).user
    controls = {
        "housekeeping": [
            url("house_rule_create", jam),
            url("house_rule_edit", jam, rule.pk),
            url("house_rule_delete", jam, rule.pk),
            url("house_rule_move", jam, rule.pk),
        ],
        "accessibility": [f'action="{url("accessibility", jam)}"', 'type="checkbox"'],
        "vision": [f'action="{url("vision", jam)}"', 'id="builder-title"'],
    }

    def pages_for(user) -> dict[str, str]:
        client.force_login(user)
        return {name: client.get(url(name, jam)).content.decode() for name in controls}

    shown, offered = pages_for(note_taker), pages_for(logistics)

    for name, marks in controls.items():
        assert [mark for mark in marks if mark in shown[name]] == [], name
        assert "Your role on this Jam’s team does not include" in shown[name], name
        assert [mark for mark in marks if mark not in offered[name]] == [], name
        assert "Your role on this Jam’s team does not include" not in offered[name], name
    assert rule.text in shown["housekeeping"]
    assert "Amina describes the slides" in shown["accessibility"]
    assert '<span class="state state-done">Done</span>' in shown["accessibility"]
    assert "1 of 6 done" in shown["accessibility"]
    assert "Filipinos" in shown["vision"]


def test_another_host_gets_404_everywhere_and_changes_nothing(host, other_client):
    jam = new_jam(host, JamFormat.ONLINE)
    rule = HouseRule.objects.filter(jam=jam).order_by("position").first()
    check = AccessibilityCheck.objects.filter(jam=jam).first()
    before = (rule_texts(jam), list(AccessibilityCheck.objects.filter(jam=jam).values()))
    pages = [
        (url("housekeeping", jam), {}),
        (url("house_rule_create", jam), {"text": "Intruder rule"}),
        (url("house_rule_edit", jam, rule.pk), {"text": "Intruder edit"}),
        (url("house_rule_delete", jam, rule.pk), {}),
        (url("house_rule_move", jam, rule.pk), {"direction": "down"}),
        (
            url("accessibility", jam),
            {f"done-{check.pk}": "on", f"initial-done-{check.pk}": "False"},
        ),
        (url("vision", jam), VISION),
    ]

    for page, data in pages:
        assert other_client.post(page, data).status_code in (404, 405), (
            page
        )  # 405: a page that only shows takes no POST, from anyone
        assert other_client.get(page).status_code in (404, 405), page

    after = (rule_texts(jam), list(AccessibilityCheck.objects.filter(jam=jam).values()))
    assert after == before
    assert not Vision.objects.filter(jam=jam).exists()


def test_signed_out_visitors_are_asked_to_sign_in(client, jam):
    for name in ("housekeeping", "accessibility", "vision"):
        response = client.get(url(name, jam))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
