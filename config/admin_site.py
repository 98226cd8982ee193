"""The Django admin, reserved to regional staff and the technical superuser.

Being `is_staff` is not enough: a counsellor or manager whose account was given the flag by mistake is refused at
the admin's login form and on every admin page.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from config.access import is_regional

REFUSED_MESSAGE = "L'administration est réservée à l'équipe régionale et à l'administrateur technique."


def may_use_admin(user) -> bool:
    return user.is_active and user.is_staff and (user.is_superuser or is_regional(user))


class RegionalAdminAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not may_use_admin(user):
            raise ValidationError(REFUSED_MESSAGE, code="not_regional")


class RegionalAdminSite(admin.AdminSite):
    login_form = RegionalAdminAuthenticationForm

    def has_permission(self, request):
        return may_use_admin(request.user)
