from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from config.access import REGIONAL_GROUP

from .models import Commune, MissionLocale, Partner, Site, StaffMember
from .roles import set_role_group

admin.site.site_header = "Missions locales Nord-Pas-de-Calais — administration régionale"
admin.site.site_title = "Administration régionale"
admin.site.index_title = "Données de référence et comptes"


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "departement", "is_priority_area"]
    list_filter = ["departement", "is_priority_area"]
    search_fields = ["name", "search_name", "insee_code"]
    ordering = ["name"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "kind", "commune", "address", "is_active"]
    autocomplete_fields = ["commune"]


@admin.register(MissionLocale)
class MissionLocaleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "departement", "seat_commune", "is_active"]
    list_filter = ["departement", "is_active"]
    list_select_related = ["seat_commune"]
    search_fields = ["name", "code", "seat_commune__name"]
    autocomplete_fields = ["seat_commune"]
    inlines = [SiteInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "mission_locale", "commune", "is_active"]
    list_filter = ["kind", "mission_locale__departement", "is_active", "mission_locale"]
    list_select_related = ["mission_locale", "commune"]
    search_fields = ["name", "commune__name", "mission_locale__name"]
    autocomplete_fields = ["commune", "mission_locale"]


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "user_full_name", "mission_locale", "role"]
    list_filter = ["role", "mission_locale__departement", "mission_locale"]
    list_select_related = ["user", "mission_locale"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "mission_locale__name"]
    autocomplete_fields = ["user", "mission_locale"]
    filter_horizontal = ["sites"]

    @admin.display(description="nom", ordering="user__last_name")
    def user_full_name(self, obj):
        return obj.user.get_full_name()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "sites":
            kwargs["queryset"] = Site.objects.select_related("mission_locale").order_by("mission_locale__name", "name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "mission_locale", "is_active"]
    list_filter = ["kind", "commune__departement", "is_active", "mission_locale"]
    list_select_related = ["commune", "mission_locale"]
    search_fields = ["name", "siret", "commune__name"]
    autocomplete_fields = ["commune", "mission_locale"]


class StaffMemberInline(admin.StackedInline):
    model = StaffMember
    extra = 0
    max_num = 1
    autocomplete_fields = ["mission_locale"]
    filter_horizontal = ["sites"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ProjectUserAdmin(UserAdmin):
    """Accounts, managed by regional staff. Only the technical superuser grants the superuser status or individual
    permissions, and changes a superuser's account (its password included). The role groups follow
    `StaffMember.role` (missions/roles.py): the form offers the regional group only, and keeps the role group."""

    inlines = [StaffMemberInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(name=REGIONAL_GROUP)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        member = StaffMember.objects.filter(user=form.instance).first()
        set_role_group(form.instance.pk, member.role if member is not None else None)
