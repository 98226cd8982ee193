from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = "Missions locales"

    def ready(self):
        from .models import StaffMember
        from .roles import ensure_role_groups, staff_member_deleted, staff_member_saved

        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="missions_role_groups")
        post_save.connect(staff_member_saved, sender=StaffMember, dispatch_uid="missions_staff_member_role_group")
        post_delete.connect(staff_member_deleted, sender=StaffMember, dispatch_uid="missions_staff_member_role_group")
