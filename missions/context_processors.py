from config.access import is_regional, staff_member_of


def staff_member(request):
    """The header shows the user's mission locale; regional staff get the regional navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    staff = staff_member_of(user)
    return {"current_staff": staff, "current_is_regional": staff is None and is_regional(user)}
