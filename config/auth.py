"""The authentication backend: Django's ModelBackend, with the user's StaffMember read in the same query.

Every page needs both the user (from the session) and their StaffMember with its mission locale
(`config.access.staff_member_of`). Reading them in one join saves a query on every request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist

UserModel = get_user_model()

STAFF_MEMBER_RELATED = "staff_member__mission_locale__seat_commune"


class StaffMemberModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = UserModel._default_manager.select_related(STAFF_MEMBER_RELATED).get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        try:
            user._cached_staff_member = user.staff_member
        except ObjectDoesNotExist:  # regional staff and superusers: no StaffMember, known without a query
            user._cached_staff_member = None
        return user
