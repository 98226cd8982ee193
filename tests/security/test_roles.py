import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from config.access import COUNSELLOR_GROUP, MANAGER_GROUP, REGIONAL_GROUP
from config.roles import ROLE_GROUPS
from missions import roles as missions_roles
from missions.enums import StaffRole
from missions.models import StaffMember
from mobility import roles as mobility_roles
from reporting import roles as reporting_roles
from tests.missions.factories import RegionalUserFactory, StaffMemberFactory, UserFactory
from youths import roles as youths_roles

pytestmark = pytest.mark.django_db

ALL_GRANTS = [missions_roles.GRANTS, youths_roles.GRANTS, mobility_roles.GRANTS, reporting_roles.GRANTS]
role_groups_migration = importlib.import_module("missions.migrations.0002_role_groups")


def expected_permissions(group_name):
    return {
        f"{app_label}.{codename}"
        for grants in ALL_GRANTS
        for app_label, names in grants.get(group_name, {}).items()
        for codename in names
    }


def permissions_of(group_name):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def role_groups_of(user):
    return set(user.groups.values_list("name", flat=True))


class TestGroups:
    @pytest.mark.parametrize("group_name", ROLE_GROUPS)
    def test_each_group_holds_exactly_the_permissions_of_the_tables(self, group_name):
        expected = expected_permissions(group_name)
        assert expected, group_name
        # Every codename of the tables names a real permission: none was skipped for a typo.
        existing = {
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
        }
        assert expected <= existing, expected - existing
        assert permissions_of(group_name) == expected

    def test_managers_can_do_everything_counsellors_can(self):
        assert expected_permissions(COUNSELLOR_GROUP) < expected_permissions(MANAGER_GROUP)

    def test_regional_staff_never_get_a_case_file_nor_an_aid_request(self):
        regional = expected_permissions(REGIONAL_GROUP)
        assert not {name for name in regional if name.startswith("youths.")}
        assert not {name for name in regional if name.split(".")[1].endswith("aidrequest")}

    def test_only_managers_and_regional_staff_see_statistics(self):
        assert "reporting.view_statistics" not in expected_permissions(COUNSELLOR_GROUP)
        assert "reporting.view_regional_statistics" not in expected_permissions(MANAGER_GROUP)

    def test_migrate_puts_back_what_a_hand_changed(self):
        """The post_migrate hooks make the groups match the tables again: a permission removed by hand comes back,
        one added by hand goes."""
        direction = Group.objects.get(name=MANAGER_GROUP)
        direction.permissions.remove(Permission.objects.get(codename="decide_aidrequest"))
        direction.permissions.add(Permission.objects.get(codename="delete_aidscheme"))
        Group.objects.filter(name=COUNSELLOR_GROUP).delete()
        call_command("migrate", verbosity=0)
        for group_name in ROLE_GROUPS:
            assert permissions_of(group_name) == expected_permissions(group_name)


class TestRoleGroupFollowsTheStaffMember:
    def test_a_new_counsellor_is_in_the_counsellors_group(self):
        member = StaffMemberFactory(role=StaffRole.COUNSELLOR)
        assert role_groups_of(member.user) == {COUNSELLOR_GROUP}
        assert member.user.has_perm("youths.view_youth")
        assert not member.user.has_perm("mobility.decide_aidrequest")

    def test_a_promotion_moves_to_the_direction_group(self):
        member = StaffMemberFactory(role=StaffRole.COUNSELLOR)
        member.role = StaffRole.MANAGER
        member.save()
        assert role_groups_of(member.user) == {MANAGER_GROUP}
        user = get_user_model().objects.get(pk=member.user.pk)  # permissions are cached on the user object
        assert user.has_perm("mobility.decide_aidrequest")

    def test_saving_other_fields_only_does_not_touch_the_groups(self, django_assert_num_queries):
        member = StaffMemberFactory(role=StaffRole.MANAGER)
        with django_assert_num_queries(1):
            member.save(update_fields=["mission_locale"])

    def test_the_regional_group_is_kept(self):
        member = StaffMemberFactory(user=RegionalUserFactory(), role=StaffRole.MANAGER)
        member.role = StaffRole.COUNSELLOR
        member.save(update_fields=["role"])
        assert role_groups_of(member.user) == {REGIONAL_GROUP, COUNSELLOR_GROUP}

    def test_a_user_without_attachment_keeps_no_role_group(self):
        member = StaffMemberFactory(role=StaffRole.MANAGER)
        user = member.user
        member.delete()
        assert role_groups_of(user) == set()

    def test_deleting_the_user_deletes_the_attachment_quietly(self):
        member = StaffMemberFactory()
        member.user.delete()
        assert not StaffMember.objects.filter(pk=member.pk).exists()

    def test_an_attachment_moved_to_another_user(self):
        member = StaffMemberFactory(role=StaffRole.MANAGER)
        previous = member.user
        member.user = UserFactory()
        member.save()
        assert role_groups_of(previous) == set()
        assert role_groups_of(member.user) == {MANAGER_GROUP}

    def test_the_migration_puts_existing_staff_in_the_group_of_their_role(self):
        """missions/0002_role_groups on rows made before it: no role group yet, then one per staff member."""
        counsellor = StaffMemberFactory(role=StaffRole.COUNSELLOR)
        manager = StaffMemberFactory(role=StaffRole.MANAGER)
        regional = RegionalUserFactory()
        Group.objects.filter(name__in=[COUNSELLOR_GROUP, MANAGER_GROUP]).delete()
        role_groups_migration.create_groups(global_apps, None)
        assert role_groups_of(counsellor.user) == {COUNSELLOR_GROUP}
        assert role_groups_of(manager.user) == {MANAGER_GROUP}
        assert role_groups_of(regional) == {REGIONAL_GROUP}
        role_groups_migration.create_groups(global_apps, None)  # run twice: nothing doubled
        assert manager.user.groups.count() == 1


class TestAccountsInTheAdmin:
    """Regional staff manage accounts; only the technical superuser makes superusers."""

    def test_regional_staff_cannot_make_anyone_superuser(self, client):
        regional = RegionalUserFactory()
        client.force_login(regional)
        url = reverse("admin:auth_user_change", args=[regional.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert "is_superuser" not in page.context["adminform"].form.fields
        assert "user_permissions" not in page.context["adminform"].form.fields
        data = {
            "username": regional.username,
            "first_name": regional.first_name,
            "last_name": regional.last_name,
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=REGIONAL_GROUP).pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "09:00:00",
            "staff_member-TOTAL_FORMS": "0",
            "staff_member-INITIAL_FORMS": "0",
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        regional.refresh_from_db()
        assert not regional.is_superuser

    def test_regional_staff_cannot_change_the_superuser_account(self, client):
        superuser = get_user_model().objects.create_superuser("technique", "technique@example.org", "x" * 16)
        client.force_login(RegionalUserFactory())
        assert client.get(reverse("admin:auth_user_password_change", args=[superuser.pk])).status_code == 403
        response = client.post(reverse("admin:auth_user_delete", args=[superuser.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert get_user_model().objects.filter(pk=superuser.pk).exists()

    def test_the_form_offers_the_regional_group_only_and_keeps_the_role_group(self, client):
        member = StaffMemberFactory(role=StaffRole.COUNSELLOR)
        client.force_login(RegionalUserFactory())
        url = reverse("admin:auth_user_change", args=[member.user.pk])
        form = client.get(url).context["adminform"].form
        assert [group.name for group in form.fields["groups"].queryset] == [REGIONAL_GROUP]
        data = {
            "username": member.user.username,
            "first_name": member.user.first_name,
            "last_name": member.user.last_name,
            "email": "",
            "is_active": "on",
            "groups": [Group.objects.get(name=REGIONAL_GROUP).pk],
            "date_joined_0": "01/01/2026",
            "date_joined_1": "09:00:00",
            "staff_member-TOTAL_FORMS": "1",
            "staff_member-INITIAL_FORMS": "1",
            "staff_member-0-id": str(member.pk),
            "staff_member-0-user": str(member.user.pk),
            "staff_member-0-mission_locale": str(member.mission_locale.pk),
            "staff_member-0-role": StaffRole.COUNSELLOR,
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert role_groups_of(member.user) == {REGIONAL_GROUP, COUNSELLOR_GROUP}
