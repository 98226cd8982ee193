"""The regional staff group and its permissions, kept in step with the models after every migrate."""

from django.apps import apps as global_apps

from config.access import REGIONAL_GROUP

REGIONAL_MODELS = {"missions": ["commune", "missionlocale", "site", "staffmember", "partner"], "auth": ["user"]}


def ensure_regional_group(apps=global_apps, **kwargs):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REGIONAL_GROUP)
    wanted = Permission.objects.none()
    for app_label, models in REGIONAL_MODELS.items():
        wanted |= Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models)
    group.permissions.add(*wanted)
