import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "test-only-production-settings-check-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "missions-locales.example.org",
}


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def run_with_production_settings(*args):
    env = {**os.environ, **PRODUCTION_ENV}
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the latter is set by the browser tests' conftest
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


class TestHeaders:
    @pytest.mark.parametrize("logged_in", [False, True])
    def test_every_page_carries_the_security_headers(self, client, counsellor, logged_in):
        if logged_in:
            client.force_login(counsellor.user)
        response = client.get(reverse("home") if logged_in else reverse("login"))
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        directives = policy(response)
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["default-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]

    def test_the_admin_carries_the_policy_too(self, client, regional_user):
        client.force_login(regional_user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        assert policy(response)["script-src"] == ["'self'"]

    @override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
    def test_hsts_on_https_responses(self, client):
        response = client.get(reverse("login"), secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    def test_session_and_csrf_cookies_are_http_only(self, client, counsellor):
        response = client.post(
            reverse("login"), {"username": counsellor.user.username, "password": "motdepasse-de-test"}
        )
        assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
        assert settings.CSRF_COOKIE_HTTPONLY


class TestProductionSettings:
    def test_production_settings_are_hardened(self):
        names = [
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SESSION_COOKIE_AGE",
            "SESSION_MAX_DURATION",
            "AXES_IPWARE_PROXY_COUNT",
            "PASSWORD_HASHERS",
        ]
        code = (
            "import json, django; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
        )
        result = run_with_production_settings("-c", code)
        assert result.returncode == 0, result.stderr
        values = json.loads(result.stdout.strip().splitlines()[-1])
        assert values["DEBUG"] is False
        assert values["SECURE_SSL_REDIRECT"] is True
        assert values["SECURE_HSTS_SECONDS"] >= 31536000
        assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
        assert values["SESSION_COOKIE_SECURE"] is True
        assert values["CSRF_COOKIE_SECURE"] is True
        assert values["SESSION_COOKIE_HTTPONLY"] is True
        assert values["SESSION_COOKIE_AGE"] == 30 * 60
        assert values["SESSION_MAX_DURATION"] == 12 * 60 * 60
        assert values["AXES_IPWARE_PROXY_COUNT"] == 0
        assert values["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"

    def test_deploy_check_is_clean(self):
        result = run_with_production_settings("manage.py", "check", "--deploy", "--fail-level", "WARNING")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


class TestTemplatesFollowThePolicy:
    """The policy forbids inline scripts and styles: a template that uses one would break in the browser."""

    def templates(self):
        return sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))

    def test_there_are_templates_to_check(self):
        assert len(self.templates()) > 10

    @pytest.mark.parametrize(
        "pattern",
        [INLINE_SCRIPT, INLINE_HANDLER, STYLE_ATTRIBUTE, STYLE_BLOCK, JAVASCRIPT_URL],
        ids=["inline script", "event handler attribute", "style attribute", "style block", "javascript: URL"],
    )
    def test_no_template_needs_unsafe_inline(self, pattern):
        offenders = [
            f"{path.relative_to(settings.BASE_DIR)}: {match.group(0).strip()}"
            for path in self.templates()
            for match in pattern.finditer(path.read_text(encoding="utf-8"))
        ]
        assert offenders == []

    def test_the_patterns_catch_what_they_should(self):
        assert INLINE_SCRIPT.search("<script>alert(1)</script>")
        assert not INLINE_SCRIPT.search('<script src="/static/js/app.js" defer></script>')
        assert INLINE_HANDLER.search('<button onclick="go()">')
        assert STYLE_ATTRIBUTE.search('<div class="progress-bar" style="width: 40%">')
        assert not STYLE_ATTRIBUTE.search('<div data-style="x">')
