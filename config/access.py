"""Who may see what: the one place where a request's user is tied to a mission locale or to the region."""

from django.contrib.auth.mixins import AccessMixin

# The roles as Django groups (config/roles.py). The first two follow StaffMember.role; the third is given by hand.
COUNSELLOR_GROUP = "Conseillers"
MANAGER_GROUP = "Direction"
REGIONAL_GROUP = "Équipe régionale"


def staff_member_of(user):
    """The user's StaffMember with its mission locale, or None. One query, cached on the user object."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_cached_staff_member"):
        from missions.models import StaffMember

        user._cached_staff_member = (
            StaffMember.objects.select_related("mission_locale", "mission_locale__seat_commune")
            .filter(user=user)
            .first()
        )
    return user._cached_staff_member


def is_regional(user):
    """Regional staff see reference data and aggregates of every mission locale, never a case file."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_cached_is_regional"):
        user._cached_is_regional = user.groups.filter(name=REGIONAL_GROUP).exists()
    return user._cached_is_regional


class StaffMemberRequiredMixin(AccessMixin):
    """Pages of a counsellor or manager's own mission locale: `self.staff_member` is set, others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.staff_member = staff_member_of(request.user)
        if self.staff_member is None:
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class RegionalOrStaffMixin(AccessMixin):
    """Reference pages open to every attached user: regional staff and the members of a mission locale."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.staff_member = staff_member_of(request.user)
        if self.staff_member is None and not is_regional(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
