"""The roles as Django groups, and the permissions each app gives them.

Four roles (README, "Rôles et droits"):
- counsellors, group "Conseillers", and ML managers, group "Direction": a user's role is `StaffMember.role`, the one
  source of truth; the group follows it (missions/roles.py keeps it in step on every save or delete of a staff
  member). The "Direction" group holds every permission of "Conseillers" and those of the managers.
- regional staff, group "Équipe régionale", given by hand in the admin; they also need the `is_staff` flag.
- the technical superuser, `is_superuser`: every permission, the admin in full; no case file in the pages (they
  open the files of a mission locale only, as its staff).

The pages check the role (config/access.py: StaffMember, `is_regional`) and scope every object to the user's
mission locale; the permissions say the same thing in Django's terms (the admin uses them, and
tests/security/test_url_matrix.py checks that each page's permission agrees with who gets it).

Who creates what, and why two steps:
- The migration `missions/0002_role_groups` creates the three groups and puts the existing staff members in the
  group of their role. The custom permissions are declared in the `Meta.permissions` of the models they are about
  (`youths.Youth`, `mobility.AidRequest`, `reporting.YearlyFigures`).
- Django creates permission rows (the models' add/change/delete/view and the `Meta.permissions` ones) in a
  `post_migrate` receiver, after every migration has run. On a fresh database a data migration finds no permission
  to attach, so each app attaches its own from its `post_migrate` hook (`grant_permissions` below), which Django
  calls for that app after it has created the app's permissions. The hook runs after every `migrate` (and after the
  `flush` of transactional tests, which also empties the groups), so the groups always match the tables in code:
  a permission added to a table is granted at the next `migrate`, one removed from it is withdrawn.
"""

from django.apps import apps as global_apps

from .access import COUNSELLOR_GROUP, MANAGER_GROUP, REGIONAL_GROUP

ROLE_GROUPS = (COUNSELLOR_GROUP, MANAGER_GROUP, REGIONAL_GROUP)
EVERY_ACTION = ("add", "change", "delete", "view")


def codenames(models, actions=EVERY_ACTION) -> list[str]:
    """Model permissions: codenames(["site"], ["view"]) → ["view_site"]."""
    return [f"{action}_{model}" for model in models for action in actions]


def grant_permissions(grants: dict[str, dict[str, list[str]]], apps=global_apps):
    """Make each group's permissions of the app labels named in `grants` exactly those listed.

    `grants` maps a group name to {app label: [permission codenames]}. Permissions of other app labels are left
    alone: each app manages its own. A codename listed without a permission row (a typo, or a migration run
    backwards) is skipped here and caught by tests/security/test_roles.py.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_labels = {app_label for by_app in grants.values() for app_label in by_app}
    for name in ROLE_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = set()
        for app_label, names in grants.get(name, {}).items():
            wanted |= set(
                Permission.objects.filter(content_type__app_label=app_label, codename__in=names).values_list(
                    "pk", flat=True
                )
            )
        current = set(group.permissions.filter(content_type__app_label__in=app_labels).values_list("pk", flat=True))
        if current - wanted:
            group.permissions.remove(*(current - wanted))
        if wanted - current:
            group.permissions.add(*(wanted - current))
