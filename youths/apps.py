from django.apps import AppConfig
from django.db.models.signals import post_migrate


class YouthsConfig(AppConfig):
    name = "youths"
    verbose_name = "Jeunes et suivi"

    def ready(self):
        from missions.demo import register_step
        from missions.home import register_home_section

        from .demo import seed_youths
        from .home import caseload_home_section
        from .roles import grant_role_permissions

        post_migrate.connect(grant_role_permissions, sender=self, dispatch_uid="youths_role_permissions")
        register_step(seed_youths)
        register_home_section("youths_caseload", "youths/includes/caseload_home.html", caseload_home_section, order=10)
