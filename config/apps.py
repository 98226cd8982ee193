from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ProjectConfig(AppConfig):
    """Project-wide plumbing that needs the app registry: the signal receivers of config/security.py."""

    default = True
    name = "config"
    verbose_name = "Configuration du projet"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import record_login_time

        user_logged_in.connect(record_login_time, dispatch_uid="config_record_login_time")


class ProjectAdminConfig(admin_apps.AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS so that `admin.site` is a `RegionalAdminSite`."""

    default = False  # named explicitly in INSTALLED_APPS; "config" itself is ProjectConfig
    default_site = "config.admin_site.RegionalAdminSite"
