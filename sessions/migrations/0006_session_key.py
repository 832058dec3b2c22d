from django.db import migrations, models

import planning.models


def give_each_session_its_own_key(apps, schema_editor):
    """Every existing session gets a key of its own, none shared, nothing else changed."""
    Session = apps.get_model("gatherings", "Session")
    used = set()
    for session in Session.objects.only("pk").order_by("pk"):
        key = planning.models.session_key_new()
        while key in used:
            key = planning.models.session_key_new()
        used.add(key)
        Session.objects.filter(pk=session.pk).update(key=key)


class Migration(migrations.Migration):

    dependencies = [
        ('gatherings', '0005_feedback_pace'),
    ]

    operations = [
        migrations.AddField(
            model_name='session',
            name='key',
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.RunPython(give_each_session_its_own_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='session',
            name='key',
            field=models.CharField(default=planning.models.session_key_new, editable=False, max_length=16, unique=True),
        ),
    ]
