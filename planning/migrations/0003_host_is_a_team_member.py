from django.db import migrations


def add_hosts_to_their_teams(apps, schema_editor):
    Jam = apps.get_model("planning", "Jam")
    TeamMember = apps.get_model("planning", "TeamMember")
    for jam in Jam.objects.all():
        TeamMember.objects.update_or_create(
            jam=jam, user_id=jam.host_id, defaults={"role": "host", "custom_role": ""}
        )


class Migration(migrations.Migration):
    dependencies = [("planning", "0002_roadmap_team_materials")]

    operations = [migrations.RunPython(add_hosts_to_their_teams, migrations.RunPython.noop)]
