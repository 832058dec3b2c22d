"""Names and titles are single-line: the rule (jamsessions.text), its fields and the data migration."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from jamsessions.accounts.models import User
from jamsessions.text import (
    LINE_BREAKS,
    SingleLineCharField,
    SingleLineField,
    single_line,
)
from planning.enums import JamFormat, JamKind, TeamRole
from planning.models import Announcement, Guest, Jam, Material, Task, TeamInvitation, TeamMember
from reporting.models import Programme, Report
from sessions.agenda.forms import AgendaItemForm, TemplateSaveForm
from sessions.agenda.models import AgendaItem, AgendaTemplate
from sessions.day.models import Attendance
from sessions.space.models import HouseRule
from tests.factories import AgendaItemFactory, HouseRuleFactory, JamFactory
from tests.reporting.review_helpers import client_for, make_reviewer

# Each line break Python knows, and the two a browser or a spreadsheet sends most.
BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]

# Every name and title kept on one line, as the data migration lists them.
SINGLE_LINE_FIELDS = {
    Jam: ["name", "local_name", "venue"],
    TeamMember: ["custom_role"],
    TeamInvitation: ["custom_role"],
    Task: ["title"],
    Material: ["name"],
    Guest: ["name"],
    Announcement: ["subject"],
    AgendaItem: ["title"],
    HouseRule: ["text"],
    AgendaTemplate: ["name"],
    Attendance: ["walk_in_name"],
    User: ["name"],
    Programme: ["name"],
    Report: ["name"],
}

migration = importlib.import_module("planning.migrations.0007_names_on_one_line")

# Mid-January 2027: the first session below, in March 2027, is still ahead.
in_january_2027 = pytest.mark.time_machine(dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC), tick=False)


def jam_data(**overrides) -> dict:
    """What a host types into /jams/new/: the Jam, then its first session."""
    return {
        "name": "Healing Jam",
        "objectives": "Rest, laugh and imagine together.",
        "kind": JamKind.HEALING,
        "format": JamFormat.IN_PERSON,
        "country": "MX",
        "language": "es",
        "session-date": "2027-03-10",
        "session-start_time": "18:00",
        "session-duration_minutes": "150",
        "session-timezone": "America/Mexico_City",
        **overrides,
    }


def raw_set(instance, field: str, value: str) -> None:
    """Write a value straight into the row, as old data holds it (no model code on the way)."""
    table = instance._meta.db_table
    column = instance._meta.get_field(field).column
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s',
            [value, instance.pk],
        )


def stored(instance, field: str) -> str:
    return type(instance)._base_manager.values_list(field, flat=True).get(pk=instance.pk)


# --- The rule --------------------------------------------------------------------------


def test_the_line_breaks_are_every_line_boundary_python_knows():
    boundaries = {chr(code) for code in range(0x110000) if len(f"a{chr(code)}b".splitlines()) == 2}
    assert set(LINE_BREAKS) == boundaries


@pytest.mark.parametrize("line_break", BREAKS)
def test_a_line_break_becomes_one_space(line_break):
    assert single_line(f"Jam d'été{line_break}à Dakar") == "Jam d'été à Dakar"


def test_line_breaks_and_the_spaces_around_them_become_one_space_and_no_word_is_lost():
    assert single_line("  Healing \r\n\r\n  Jam\u2028&\x85friends \n") == "Healing Jam & friends"


@pytest.mark.parametrize(
    "text",
    ["", "Jam", "Vous êtes invité·e\xa0: Jam", "two  spaces stay", " edges stay "],
)
def test_text_on_one_line_is_left_as_it_is(text):
    assert single_line(text) == text


def test_the_form_field_cleans_line_breaks_into_spaces():
    field = SingleLineField(max_length=10)

    assert field.clean(" Jam\r\nSahel ") == "Jam Sahel"
    # Counted once on one line: “Jam\r\nSahel” has 10 characters, “Jam Sahel” 9.
    assert field.clean("Jam\r\n\r\nSa") == "Jam Sa"


@pytest.mark.parametrize(("model", "fields"), SINGLE_LINE_FIELDS.items())
def test_every_name_and_title_is_a_single_line_field(model, fields):
    for name in fields:
        assert isinstance(model._meta.get_field(name), SingleLineCharField), (model, name)


def test_the_field_needs_no_migration_it_is_a_charfield_to_migrations():
    field = Jam._meta.get_field("name")

    _name, path, _args, kwargs = field.deconstruct()

    assert path == "django.db.models.CharField"
    assert kwargs["max_length"] == 120
    assert isinstance(field.formfield(), SingleLineField)


# --- Every write stores one line ------------------------------------------------------------


@pytest.mark.django_db
def test_saving_and_creating_store_one_line_and_the_instance_holds_it(host):
    jam = JamFactory(
        host=host, name="Jam\nd'été", local_name="Jam\u2028Sahel", venue="Hall\r\n12 Road"
    )

    assert (jam.name, jam.local_name, jam.venue) == ("Jam d'été", "Jam Sahel", "Hall 12 Road")
    assert stored(jam, "name") == "Jam d'été"

    jam.name = "Jam\r\nde nuit"
    jam.save(update_fields=["name"])
    assert stored(jam, "name") == jam.name == "Jam de nuit"


@pytest.mark.django_db
def test_update_bulk_create_and_bulk_update_store_one_line(jam):
    session = jam.sessions.get()
    Jam.objects.filter(pk=jam.pk).update(name="Jam\nupdated")
    items = AgendaItem.objects.bulk_create(
        [AgendaItem(session=session, title="Tea\nbreak", duration_minutes=10, position=1)]
    )
    items[0].title = "Tea\u2028and biscuits"
    AgendaItem.objects.bulk_update(items, ["title"])

    assert stored(jam, "name") == "Jam updated"
    assert stored(items[0], "title") == "Tea and biscuits"


@pytest.mark.django_db
def test_lookups_are_left_as_they_are(jam):
    raw_set(jam, "name", "Old\nname")

    assert Jam.objects.filter(name__contains="\n").get() == jam
    assert not Jam.objects.filter(name__contains=" ").exists()


# --- Old data ------------------------------------------------------------------------------


def test_the_migration_lists_every_single_line_field():
    listed = {
        apps.get_model(app_label, model_name): fields
        for (app_label, model_name), fields in migration.NAMES.items()
    }
    assert listed == SINGLE_LINE_FIELDS


@pytest.mark.django_db
def test_the_migration_puts_old_names_on_one_line_and_keeps_every_word(jam):
    item = AgendaItemFactory(session=jam.sessions.get(), title="Tea break")
    rule = HouseRuleFactory(jam=jam, text="We listen")
    untouched = JamFactory(host=jam.host, name="Already fine  (two spaces)")
    first = Programme.objects.create(name="Jam Sessions 2026")
    second = Programme.objects.create(name="Second")
    raw_set(jam, "name", "Jam d'été\r\n  à Dakar")
    raw_set(jam, "venue", "Community Hall\n12 Uhuru Road")
    raw_set(item, "title", "Tea\u2028break")
    raw_set(rule, "text", "We listen\x85without interrupting")
    raw_set(jam.host, "name", "Host\nPerson")
    raw_set(second, "name", "Jam Sessions\n2026")  # once on one line, the first one's name

    migration.names_on_one_line(apps, None)

    assert stored(jam, "name") == "Jam d'été à Dakar"
    assert stored(jam, "venue") == "Community Hall 12 Uhuru Road"
    assert stored(item, "title") == "Tea break"
    assert stored(rule, "text") == "We listen without interrupting"
    assert stored(jam.host, "name") == "Host Person"
    assert stored(untouched, "name") == "Already fine  (two spaces)"
    assert stored(first, "name") == "Jam Sessions 2026"
    assert stored(second, "name") == "Jam Sessions 2026 (2)"


# --- Forms: a line break sent in a name is a space, never a 500 ------------------------------


@in_january_2027
def test_a_jam_created_with_line_breaks_in_its_names_keeps_them_on_one_line(host_client):
    response = host_client.post(
        "/jams/new/",
        jam_data(
            name="Healing\r\nJam", local_name="Jam\u2028de sanación", venue="Casa\nde Cultura"
        ),
    )

    assert response.status_code == 302
    jam = Jam.objects.get()
    assert (jam.name, jam.local_name, jam.venue) == (
        "Healing Jam",
        "Jam de sanación",
        "Casa de Cultura",
    )


@pytest.mark.django_db
def test_a_jam_renamed_with_a_line_break_keeps_one_line(host_client, jam):
    response = host_client.get(f"/jams/{jam.slug}/edit/")
    data = {
        name: value
        for name, value in response.context["form"].initial.items()
        if value is not None and name in response.context["form"].fields
    }
    data["country"] = ""

    response = host_client.post(f"/jams/{jam.slug}/edit/", {**data, "name": "Jam\nd'été"})

    assert response.status_code == 302
    jam.refresh_from_db()
    assert jam.name == "Jam d'été"


@pytest.mark.django_db
def test_guest_message_and_rule_forms_keep_names_on_one_line(host_client, jam):
    guests = reverse("planning:guest_add", args=[jam.slug])
    announcement = reverse("messages:announcement", args=[jam.slug])
    rule = reverse("space:house_rule_create", kwargs={"slug": jam.slug})

    responses = [
        host_client.post(guests, {"name": "Ama\r\nKofi", "email": "ama@example.test"}),
        host_client.post(announcement, {"subject": "Don't\nforget", "body": "Snacks\n& drinks"}),
        host_client.post(rule, {"text": "We listen\u2028without interrupting"}),
    ]

    assert [response.status_code for response in responses] == [302, 302, 302]
    assert Guest.objects.get(jam=jam).name == "Ama Kofi"
    announcement = Announcement.objects.get(jam=jam)
    assert (announcement.subject, announcement.body) == ("Don't forget", "Snacks\n& drinks")
    assert jam.house_rules.filter(text="We listen without interrupting").exists()


@pytest.mark.django_db
def test_a_team_invitation_keeps_the_role_name_on_one_line(host_client, jam, host):
    TeamMember.objects.get_or_create(jam=jam, user=host, defaults={"role": TeamRole.HOST})

    response = host_client.post(
        f"/jams/{jam.slug}/team/invite/",
        {"email": "ana@example.org", "role": TeamRole.OTHER, "custom_role": "Snacks\r\nlead"},
    )

    assert response.status_code == 302
    assert TeamInvitation.objects.get(jam=jam).custom_role == "Snacks lead"


@pytest.mark.django_db
def test_signing_up_with_a_line_break_in_the_name_keeps_one_line(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Amina\nWanjiru",
            "email": "amina@example.test",
            "password1": "quiet-river-at-dawn-71",
            "password2": "quiet-river-at-dawn-71",
        },
    )

    assert response.status_code == 200
    assert User.objects.get(email="amina@example.test").name == "Amina Wanjiru"


@pytest.mark.django_db
def test_a_programme_named_with_a_line_break_keeps_one_line():
    reviewer_client = client_for(make_reviewer())

    response = reviewer_client.post(
        reverse("review:programme_create"), {"name": "Jam Sessions\r\n2026", "description": ""}
    )

    assert response.status_code == 302
    assert Programme.objects.get().name == "Jam Sessions 2026"


@pytest.mark.django_db
def test_the_agenda_item_and_template_forms_keep_titles_on_one_line(jam):
    item_form = AgendaItemForm(
        {"title": "Tea\nbreak", "duration_minutes": "15", "kind": "break"}, jam=jam
    )
    template_form = TemplateSaveForm({"name": "Healing\u2028evening"})

    assert item_form.is_valid(), item_form.errors
    assert template_form.is_valid(), template_form.errors
    assert item_form.cleaned_data["title"] == "Tea break"
    assert template_form.cleaned_data["name"] == "Healing evening"
