"""The role groups of this app (config/roles.py): their permissions on reference data, and the group of each staff
member, which follows `StaffMember.role`."""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from config.access import COUNSELLOR_GROUP, MANAGER_GROUP, REGIONAL_GROUP
from config.roles import codenames, grant_permissions

from .enums import StaffRole

# The group of each StaffMember.role; a staff member is in exactly one of them.
GROUP_OF_ROLE = {StaffRole.COUNSELLOR: COUNSELLOR_GROUP, StaffRole.MANAGER: MANAGER_GROUP}

REFERENCE_MODELS = ["commune", "missionlocale", "site", "staffmember", "partner"]
_ML_STAFF = {"missions": codenames(REFERENCE_MODELS, ["view"])}
GRANTS = {
    COUNSELLOR_GROUP: _ML_STAFF,
    MANAGER_GROUP: _ML_STAFF,
    # Reference data and user accounts, in the admin.
    REGIONAL_GROUP: {"missions": codenames(REFERENCE_MODELS), "auth": codenames(["user"])},
}


def ensure_role_groups(apps=global_apps, **kwargs):
    """`post_migrate` of this app: the groups exist and hold this app's permissions (config/roles.py says why)."""
    grant_permissions(GRANTS, apps=apps)


def set_role_group(user_id, role):
    """Put the user in the group of `role` and out of the other role group (`role=None`: out of both)."""
    through = get_user_model().groups.through
    wanted = GROUP_OF_ROLE.get(role)
    others = [name for name in GROUP_OF_ROLE.values() if name != wanted]
    through.objects.filter(user_id=user_id, group__name__in=others).delete()
    if wanted is not None:
        group, _ = Group.objects.get_or_create(name=wanted)
        through.objects.get_or_create(user_id=user_id, group=group)


def staff_member_saved(sender, instance, created, update_fields=None, **kwargs):
    """`post_save` of StaffMember: the role group follows the role (a save that leaves the role and the user alone
    costs nothing). An attachment moved to another user leaves the previous one without a role group."""
    if not created and (update_fields is None or {"user", "user_id"} & set(update_fields)):
        get_user_model().groups.through.objects.filter(
            group__name__in=GROUP_OF_ROLE.values(), user__staff_member__isnull=True
        ).delete()
    if created or update_fields is None or {"role", "user", "user_id"} & set(update_fields):
        set_role_group(instance.user_id, instance.role)


def staff_member_deleted(sender, instance, **kwargs):
    """`post_delete` of StaffMember: a user without attachment keeps no role group."""
    set_role_group(instance.user_id, None)
