"""The apps depend one way, for models as for imports (``.importlinter`` checks the imports):
a model only points at models of its own app or of the apps below it."""

from __future__ import annotations

from django.apps import apps

# From the bottom up, as in "Layout" in the README; Django's own apps are below them all.
LAYERS = ("accounts", "planning", "gatherings", "reporting")


def _layer(app_label: str) -> int:
    return LAYERS.index(app_label) if app_label in LAYERS else -1


def test_every_foreign_key_points_to_its_own_app_or_one_below():
    upward = []
    for model in apps.get_models():
        source = model._meta.app_label
        if source not in LAYERS:
            continue
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target = field.related_model._meta.app_label
            if _layer(target) > _layer(source):
                upward.append(f"{model.__name__}.{field.name} → {target}")
    assert upward == []


def test_the_dated_session_lives_next_to_the_jam():
    session = apps.get_model("planning", "Session")

    assert session._meta.get_field("jam").related_model is apps.get_model("planning", "Jam")
    # Its table kept the name it was made with, so existing databases keep their rows.
    assert session._meta.db_table == "gatherings_session"
