"""What the role groups may do with mobility, aids and collective actions (config/roles.py): counsellors record
and request, managers also decide (AidRequest.Meta.permissions), regional staff manage the schemes and their
envelopes in the admin; aid requests stay with the missions locales."""

from django.apps import apps as global_apps

from config.access import COUNSELLOR_GROUP, MANAGER_GROUP, REGIONAL_GROUP
from config.roles import codenames, grant_permissions

_COUNSELLOR = [
    *codenames(["mobilityassessment", "jobrefusal"], ["view", "add"]),
    # "change": a counsellor withdraws their own pending request.
    *codenames(["aidrequest"], ["view", "add", "change"]),
    *codenames(["aidrequestevent", "aidscheme", "envelope"], ["view"]),
    *codenames(["collectiveaction", "europeanmobility", "actionsession", "registration"], ["view", "add", "change"]),
]
GRANTS = {
    COUNSELLOR_GROUP: {"mobility": _COUNSELLOR},
    MANAGER_GROUP: {"mobility": [*_COUNSELLOR, "decide_aidrequest", "override_eligibility"]},
    REGIONAL_GROUP: {"mobility": codenames(["aidscheme", "envelope"])},
}


def grant_role_permissions(apps=global_apps, **kwargs):
    """`post_migrate` of this app, once its permissions exist (missions.roles runs before they do)."""
    grant_permissions(GRANTS, apps=apps)
