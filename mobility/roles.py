"""Regional staff manage aid schemes and envelopes in the admin; aid requests stay with the missions locales."""

from django.apps import apps as global_apps

from config.access import REGIONAL_GROUP

REGIONAL_MODELS = ["aidscheme", "envelope"]


def ensure_regional_permissions(apps=global_apps, **kwargs):
    """Run after every migrate of this app, once its permissions exist (missions.roles runs before they do)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REGIONAL_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="mobility", content_type__model__in=REGIONAL_MODELS)
    )
