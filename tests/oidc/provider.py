"""A real OpenID Connect provider for the tests: django-oidc-provider (MIT), test-only.

Run as its own process (``python tests/oidc/provider.py --port N --state-dir DIR
--redirect-uri URI ...``), apart from Loket's test process: its own settings, its own SQLite
database, its own cookie names (cookies do not tell ports apart, so on 127.0.0.1 Loket's
``sessionid`` and the provider's would overwrite each other in one browser). It serves
discovery, JWKS, authorize, token and userinfo, signs ID tokens with RS256, checks PKCE, and
logs people in with a plain username/password form, as a DigiD broker's test environment
would. It prints ``READY <issuer>`` when it listens.

The test people: ``amira-digid`` / ``digid-pass-2026`` (an applicant) and
``hanneke-digid`` / ``digid-pass-2026`` (the subject a staff account is linked to).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.urls import include, path

CLIENT_ID = "loket-test"
CLIENT_SECRET = "loket-test-secret-0123456789"
PASSWORD = "digid-pass-2026"
PEOPLE = {"amira-digid": ("Amira", "Haddad"), "hanneke-digid": ("Hanneke", "de Vries")}

LOGIN_TEMPLATE = """<!doctype html><html lang="en"><head><title>Test DigiD</title></head>
<body><h1>Test DigiD: log in</h1>
<form method="post">{% csrf_token %}
<label for="id_username">Username</label> {{ form.username }}
<label for="id_password">Password</label> {{ form.password }}
<input type="hidden" name="next" value="{{ next }}">
<button type="submit">Log in at the provider</button></form>
{% if form.errors %}<p role="alert">Wrong username or password.</p>{% endif %}
</body></html>"""


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    """The claims a broker gives: names, and a BSN-like number as brokers add one."""
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = f"{user.username}@provider.example"
    return claims


def pseudonym(user: Any) -> str:
    """A broker's pseudonymous subject, never the database id."""
    return f"pseudo-{user.username}"


def configure(*, port: int, state_dir: Path) -> str:
    site = f"http://127.0.0.1:{port}"
    settings.configure(
        DEBUG=False,
        SECRET_KEY="test-provider-secret-not-for-anything-else-0123456789",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "oidc_provider",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {"registration/login.html": LOGIN_TEMPLATE},
                        ),
                        "django.template.loaders.app_directories.Loader",
                    ],
                    "context_processors": ["django.template.context_processors.request"],
                },
            }
        ],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(state_dir / "provider.sqlite3"),
            }
        },
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        USE_TZ=True,
        LOGIN_URL="/accounts/login/",
        SESSION_COOKIE_NAME="provider_session",
        CSRF_COOKIE_NAME="provider_csrftoken",
        SITE_URL=site,
        OIDC_USERINFO=f"{__name__}.userinfo",
        OIDC_IDTOKEN_SUB_GENERATOR=f"{__name__}.pseudonym",
    )
    django.setup()
    return f"{site}/openid"


def seed(redirect_uris: list[str]) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    RSAKey.objects.create(
        key=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
    )
    for username, (first, last) in PEOPLE.items():
        User.objects.create_user(username, password=PASSWORD, first_name=first, last_name=last)
    client = Client.objects.create(
        name="Loket",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=False,  # a broker asks no consent for a login
        _redirect_uris="\n".join(redirect_uris),
        _scope="openid profile email",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))


def _login_view() -> Any:
    from django.contrib.auth.views import LoginView

    return LoginView.as_view()


urlpatterns: list[Any] = []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument("--redirect-uri", action="append", default=[])
    args = parser.parse_args()
    issuer = configure(port=args.port, state_dir=args.state_dir)
    seed(args.redirect_uri)
    urlpatterns.extend(
        [
            path("accounts/login/", _login_view(), name="login"),
            path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
        ]
    )
    from django.core.wsgi import get_wsgi_application
    from waitress import create_server

    server = create_server(get_wsgi_application(), host="127.0.0.1", port=args.port, threads=4)
    print(f"READY {issuer}", flush=True)
    server.run()


if __name__ == "__main__":
    sys.exit(main())
