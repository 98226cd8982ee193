"""The role groups, and the existing staff members in the group of their role.

The permissions are not attached here: Django creates permission rows after the migrations (post_migrate), so on a
fresh database there is none yet to attach. Each app's post_migrate hook attaches them (config/roles.py).
The group names are written out: a migration does not follow later renames in the code.
"""

from django.conf import settings
from django.db import migrations

COUNSELLOR_GROUP = "Conseillers"
MANAGER_GROUP = "Direction"
REGIONAL_GROUP = "Équipe régionale"
GROUP_OF_ROLE = {"counsellor": COUNSELLOR_GROUP, "manager": MANAGER_GROUP}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    StaffMember = apps.get_model("missions", "StaffMember")
    through = User.groups.through
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (*GROUP_OF_ROLE.values(), REGIONAL_GROUP)}
    for role, name in GROUP_OF_ROLE.items():
        user_ids = StaffMember.objects.filter(role=role).values_list("user_id", flat=True)
        through.objects.bulk_create(
            [through(user_id=user_id, group_id=groups[name].pk) for user_id in user_ids],
            ignore_conflicts=True,
            batch_size=1000,
        )


def remove_groups(apps, schema_editor):
    """Back: the two role groups go (the regional group was there before this migration)."""
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_OF_ROLE.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("missions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
