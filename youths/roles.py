"""What the role groups may do with case files (config/roles.py). Regional staff get nothing here: they never see
an individual case file, not even in the admin."""

from django.apps import apps as global_apps

from config.access import COUNSELLOR_GROUP, MANAGER_GROUP
from config.roles import codenames, grant_permissions

_COUNSELLOR = [
    *codenames(["youth", "contact", "situation"], ["view", "add", "change"]),
    *codenames(["casefileaccess", "transfer"], ["view"]),
]
GRANTS = {
    COUNSELLOR_GROUP: {"youths": _COUNSELLOR},
    # Youth.Meta.permissions: a new referent or a transfer, and the subject-access export, are the managers'.
    MANAGER_GROUP: {"youths": [*_COUNSELLOR, "transfer_youth", "export_personal_data"]},
}


def grant_role_permissions(apps=global_apps, **kwargs):
    """`post_migrate` of this app, once its permissions exist."""
    grant_permissions(GRANTS, apps=apps)
