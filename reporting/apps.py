from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Chiffres annuels et statistiques"

    def ready(self):
        from missions.demo import register_step

        from .demo import import_sample_figures
        from .roles import grant_role_permissions

        post_migrate.connect(grant_role_permissions, sender=self, dispatch_uid="reporting_role_permissions")
        register_step(import_sample_figures)
