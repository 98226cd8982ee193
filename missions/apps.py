from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = "Missions locales"

    def ready(self):
        from .roles import ensure_regional_group

        post_migrate.connect(ensure_regional_group, sender=self, dispatch_uid="missions_regional_group")
