import django.core.validators
import django.db.models.constraints
import django.db.models.deletion
import planning.models
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):
    """The Session model moves from the sessions app (label "gatherings") to planning."""

    dependencies = [
        ("planning", "0007_names_on_one_line"),
        ("gatherings", "0007_session_place"),
    ]

    operations = [
        # The dated session moves next to the Jam; its table stays where it is, with its
        # name, rows and constraints: only Django's picture of which app holds it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Session",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("number", models.PositiveSmallIntegerField(verbose_name="number")),
                        (
                            "key",
                            models.CharField(
                                default=planning.models.session_key_new,
                                editable=False,
                                max_length=16,
                                unique=True,
                            ),
                        ),
                        ("uid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("starts_at", models.DateTimeField(verbose_name="starts at")),
                        (
                            "duration_minutes",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(10),
                                    django.core.validators.MaxValueValidator(720),
                                ],
                                verbose_name="duration (minutes)",
                            ),
                        ),
                        ("timezone", models.CharField(max_length=64, verbose_name="time zone")),
                        (
                            "public_code",
                            models.CharField(
                                default=planning.models.public_code_new,
                                editable=False,
                                help_text="The short link of the session's anonymous question and feedback box.",
                                max_length=16,
                                unique=True,
                            ),
                        ),
                        (
                            "sequence",
                            models.PositiveIntegerField(
                                default=0,
                                editable=False,
                                help_text="Grows with every change calendars must hear about (RFC 5545 SEQUENCE).",
                            ),
                        ),
                        (
                            "venue",
                            models.CharField(
                                blank=True,
                                help_text="Only if this session is not where the Jam is: a venue’s address, or the online platform. Leave this and the link empty to use the Jam’s place. Guests see it only once they say yes to this session.",
                                max_length=300,
                                verbose_name="where",
                            ),
                        ),
                        (
                            "online_link",
                            models.URLField(
                                blank=True,
                                help_text="The link to join this session online, if it is not the Jam’s. Leave this and the place empty to use the Jam’s place and link.",
                                max_length=500,
                                verbose_name="online link",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "jam",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sessions",
                                to="planning.jam",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "session",
                        "verbose_name_plural": "sessions",
                        "db_table": "gatherings_session",
                        "ordering": ["jam", "number"],
                    },
                ),
                migrations.AlterField(
                    model_name="guestmessage",
                    name="session",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="guest_messages",
                        to="planning.session",
                    ),
                ),
                migrations.AlterField(
                    model_name="rsvp",
                    name="session",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rsvps",
                        to="planning.session",
                    ),
                ),
                migrations.AlterField(
                    model_name="task",
                    name="session",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="For steps repeated for each session.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tasks",
                        to="planning.session",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="session",
                    constraint=models.UniqueConstraint(
                        deferrable=django.db.models.constraints.Deferrable["DEFERRED"],
                        fields=("jam", "number"),
                        name="session_number_unique_per_jam",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="session",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("duration_minutes__gte", 10), ("duration_minutes__lte", 720)
                        ),
                        name="session_duration_in_range",
                    ),
                ),
            ],
        ),
    ]
