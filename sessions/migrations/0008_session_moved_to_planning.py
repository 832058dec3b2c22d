import django.db.models.deletion
from django.db import migrations, models


def _content_type_relabel(apps, old: str, new: str) -> None:
    """The session's content type follows it, so nothing that names it is orphaned."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new, model="session").exists():
        ContentType.objects.filter(app_label=old, model="session").delete()
    else:
        ContentType.objects.filter(app_label=old, model="session").update(app_label=new)


def content_type_move(apps, schema_editor):
    _content_type_relabel(apps, "gatherings", "planning")


def content_type_move_back(apps, schema_editor):
    _content_type_relabel(apps, "planning", "gatherings")


class Migration(migrations.Migration):
    """The Session model now lives in planning (its table keeps its name): the foreign
    keys of this app point there, and Django forgets its own copy."""

    dependencies = [
        ("gatherings", "0007_session_place"),
        ("planning", "0008_session_moves_here"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="feedbackpace",
                    name="session",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="planning.session",
                    ),
                ),
                migrations.AlterField(
                    model_name="question",
                    name="session",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questions",
                        to="planning.session",
                    ),
                ),
                migrations.AlterField(
                    model_name="agendaitem",
                    name="session",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="agenda_items",
                        to="planning.session",
                    ),
                ),
                migrations.AlterField(
                    model_name="attendance",
                    name="session",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendances",
                        to="planning.session",
                    ),
                ),
                migrations.AlterField(
                    model_name="runstate",
                    name="session",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="run_state",
                        to="planning.session",
                    ),
                ),
                migrations.AlterField(
                    model_name="feedback",
                    name="session",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="feedback",
                        to="planning.session",
                    ),
                ),
                migrations.DeleteModel(
                    name="Session",
                ),
            ],
        ),
        migrations.RunPython(content_type_move, content_type_move_back),
    ]
