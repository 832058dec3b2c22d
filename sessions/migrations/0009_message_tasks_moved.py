from django.db import migrations

# The guests' email tasks moved from planning to sessions: tasks already queued (a reminder
# due next week, a delivery waiting for a worker) name the new path, so none is lost.
MOVED = {
    "planning.guest_messages.deliver_messages_task": "sessions.messages.tasks.deliver_messages_task",
    "planning.guest_messages.send_reminders_task": "sessions.messages.tasks.send_reminders_task",
}


def _repoint(apps, moves: dict[str, str]) -> None:
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in moves.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)


def tasks_forward(apps, schema_editor):
    _repoint(apps, MOVED)


def tasks_back(apps, schema_editor):
    _repoint(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("gatherings", "0008_session_moved_to_planning"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(tasks_forward, tasks_back)]
