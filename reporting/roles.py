"""Regional staff manage the yearly figures in the admin: their group gets this app's permissions after migrate."""

from django.apps import apps as global_apps

from config.access import REGIONAL_GROUP

REGIONAL_MODELS = ["yearlyfigures"]


def grant_regional_permissions(apps=global_apps, **kwargs):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REGIONAL_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="reporting", content_type__model__in=REGIONAL_MODELS)
    )
