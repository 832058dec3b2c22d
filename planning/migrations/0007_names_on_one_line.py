"""Names and titles written before they were kept on one line: each line break becomes a space.

The words all stay (``jamsessions.text.single_line``). One migration for the
four apps' names, so the rule has one data migration, not one per app.
"""

from django.db import migrations
from django.db.models import Q

from jamsessions.text import LINE_BREAKS, single_line

# The fields that are SingleLineCharField in the models.
NAMES = {
    ("planning", "Jam"): ["name", "local_name", "venue"],
    ("planning", "TeamMember"): ["custom_role"],
    ("planning", "TeamInvitation"): ["custom_role"],
    ("planning", "Task"): ["title"],
    ("planning", "Material"): ["name"],
    ("planning", "Guest"): ["name"],
    ("planning", "Announcement"): ["subject"],
    ("gatherings", "AgendaItem"): ["title"],
    ("gatherings", "HouseRule"): ["text"],
    ("gatherings", "AgendaTemplate"): ["name"],
    ("gatherings", "Attendance"): ["walk_in_name"],
    ("accounts", "User"): ["name"],
    ("reporting", "Programme"): ["name"],
    ("reporting", "Report"): ["name"],
}


def _unused(manager, field, value: str, pk) -> str:
    """For a unique name: ``value``, or “value (2)”, “value (3)”… when another row has it."""
    others = manager.exclude(pk=pk)
    candidate, count = value, 1
    while others.filter(**{field.name: candidate}).exists():
        count += 1
        suffix = f" ({count})"
        candidate = value[: field.max_length - len(suffix)] + suffix
    return candidate


def names_on_one_line(apps, schema_editor):
    for (app_label, model_name), field_names in NAMES.items():
        model = apps.get_model(app_label, model_name)
        manager = model._base_manager
        for field_name in field_names:
            field = model._meta.get_field(field_name)
            with_a_break = Q()
            for character in LINE_BREAKS:
                with_a_break |= Q(**{f"{field_name}__contains": character})
            rows = manager.filter(with_a_break).values_list("pk", field_name)
            for pk, value in list(rows):
                value = single_line(value)
                if field.unique:
                    value = _unused(manager, field, value, pk)
                manager.filter(pk=pk).update(**{field_name: value})


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0006_message_sending"),
        ("gatherings", "0005_feedback_pace"),
        ("accounts", "0003_sign_in_link_sent_at"),
        ("reporting", "0003_report_queue_order"),
    ]

    operations = [migrations.RunPython(names_on_one_line, migrations.RunPython.noop)]
