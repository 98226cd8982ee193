"""Case files in the admin: for the technical superuser only, read-mostly (corrections go through the pages)."""

from django.contrib import admin

from missions.text import fold

from .models import CaseFileAccess, Contact, Situation, Transfer, Youth


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Regional staff see figures, not case files: only a superuser may open these pages."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Youth)
class YouthAdmin(SuperuserOnlyAdmin):
    list_display = [
        "last_name",
        "first_name",
        "birth_date",
        "mission_locale",
        "referent",
        "status",
        "last_contact_date",
    ]
    list_filter = [
        "status",
        "mission_locale__departement",
        "mission_locale",
        "diploma_level",
        "lives_in_priority_area",
    ]
    list_select_related = ["mission_locale", "referent__user", "referent__mission_locale"]
    search_fields = ["search_name", "public_id"]
    readonly_fields = [
        "public_id",
        "search_name",
        "first_contact_date",
        "last_contact_date",
        "created_at",
        "updated_at",
    ]
    autocomplete_fields = ["mission_locale", "site", "referent", "residence_commune"]
    date_hierarchy = "first_contact_date"
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(Contact)
class ContactAdmin(SuperuserOnlyAdmin):
    list_display = ["date", "youth", "kind", "counsellor", "site"]
    list_filter = ["kind", "date"]
    list_select_related = ["youth", "counsellor__user", "site"]
    search_fields = ["youth__search_name"]
    exclude = ["notes"]
    readonly_fields = ["youth", "date", "kind", "themes", "site", "counsellor", "duration_minutes", "created_at"]
    date_hierarchy = "date"
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Situation)
class SituationAdmin(SuperuserOnlyAdmin):
    list_display = ["youth", "kind", "start_date", "end_date"]
    list_filter = ["kind"]
    list_select_related = ["youth"]
    search_fields = ["youth__search_name", "label"]
    readonly_fields = ["youth", "recorded_by", "created_at"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(CaseFileAccess)
class CaseFileAccessAdmin(SuperuserOnlyAdmin):
    list_display = ["accessed_at", "user", "youth"]
    list_filter = ["accessed_at"]
    list_select_related = ["user", "youth"]
    search_fields = ["user__username", "youth__public_id"]
    date_hierarchy = "accessed_at"
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Transfer)
class TransferAdmin(SuperuserOnlyAdmin):
    list_display = ["transferred_at", "youth", "from_mission_locale", "to_mission_locale", "by"]
    list_filter = ["from_mission_locale", "to_mission_locale"]
    list_select_related = ["youth", "from_mission_locale", "to_mission_locale", "by"]
    search_fields = ["youth__search_name", "reason"]

    def has_change_permission(self, request, obj=None):
        return False
