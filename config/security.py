"""Hardening that every page shares: the client address for login throttling and the limits of a session.

- `client_ip_address` is the address django-axes keys its lockouts on. It is the peer address (`REMOTE_ADDR`)
  unless `AXES_IPWARE_PROXY_COUNT` trusted proxies stand in front of the application: then, and only then, it is
  read from `X-Forwarded-For`, counting that many entries from the right (the ones our own proxies wrote). A client
  that forges the header cannot change the address its failures are counted against.
- `SessionLimitsMiddleware` logs a user out after `SESSION_COOKIE_AGE` seconds without a request (30 minutes) and
  `SESSION_MAX_DURATION` seconds after the login (12 hours), whatever the activity. It refreshes the session's expiry
  at most once every `SESSION_ACTIVITY_REFRESH` seconds, rather than writing the session on every request.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import render
from django.utils import timezone

LOGIN_AT_KEY = "_login_at"
SEEN_AT_KEY = "_seen_at"

IDLE_MESSAGE = "Votre session a expiré après {minutes} minutes d'inactivité : reconnectez-vous."
MAX_DURATION_MESSAGE = "Votre session a duré {hours} heures, la durée maximale : reconnectez-vous."


def client_ip_address(request):
    """The address login failures are counted against: REMOTE_ADDR, or the trusted proxies' X-Forwarded-For entry."""
    proxy_count = settings.AXES_IPWARE_PROXY_COUNT or 0
    if proxy_count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxy_count:
            return forwarded[-proxy_count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The French page of a locked-out login (django-axes' AXES_LOCKOUT_CALLABLE), with HTTP 429."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "username": username,
    }
    return render(request, "registration/locked_out.html", context, status=429)


def _now() -> int:
    return int(timezone.now().timestamp())


def record_login_time(sender, request, user, **kwargs):
    """`user_logged_in` receiver: the session remembers when its user logged in and was last seen."""
    if request is not None and hasattr(request, "session"):
        now = _now()
        request.session[LOGIN_AT_KEY] = now
        request.session[SEEN_AT_KEY] = now


class SessionLimitsMiddleware:
    """Idle timeout and maximum duration of a logged-in session, with French messages on the login page.

    Placed after the authentication and messages middlewares. A session that passed a limit is logged out here,
    before the view: `LoginRequiredMiddleware` then sends the request to the login page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        session = request.session
        now = _now()
        login_at = session.get(LOGIN_AT_KEY)
        seen_at = session.get(SEEN_AT_KEY)
        if login_at is None:  # a session opened before these limits existed: count from now
            session[LOGIN_AT_KEY] = login_at = now
        if now - login_at >= settings.SESSION_MAX_DURATION:
            logout(request)
            messages.info(request, MAX_DURATION_MESSAGE.format(hours=settings.SESSION_MAX_DURATION // 3600))
        elif seen_at is not None and now - seen_at >= settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, IDLE_MESSAGE.format(minutes=settings.SESSION_COOKIE_AGE // 60))
        elif seen_at is None or now - seen_at >= settings.SESSION_ACTIVITY_REFRESH:
            # Modifying the session makes SessionMiddleware save it, which pushes its expiry SESSION_COOKIE_AGE on.
            session[SEEN_AT_KEY] = now
