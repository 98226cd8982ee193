"""What the role groups may do with figures (config/roles.py): managers see the statistics of the region and of
their mission locale; regional staff those of every mission locale, and manage the yearly figures in the admin
(YearlyFigures.Meta.permissions)."""

from django.apps import apps as global_apps

from config.access import MANAGER_GROUP, REGIONAL_GROUP
from config.roles import codenames, grant_permissions

GRANTS = {
    MANAGER_GROUP: {"reporting": ["view_statistics"]},
    REGIONAL_GROUP: {"reporting": [*codenames(["yearlyfigures"]), "view_statistics", "view_regional_statistics"]},
}


def grant_role_permissions(apps=global_apps, **kwargs):
    """`post_migrate` of this app, once its permissions exist."""
    grant_permissions(GRANTS, apps=apps)
