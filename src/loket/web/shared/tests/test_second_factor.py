"""Staff reach no staff page and no admin page before typing a TOTP code after the password.

These tests log in through the login form, as a person does (``force_login`` of staff is
taken as password and code, see the repository's conftest.py).
"""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "hilde-pass-2026"


@pytest.fixture
def hilde(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user("hilde", password=PASSWORD, is_staff=True)


def _password_login(client: Client, username: str) -> None:
    response = client.post("/en/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_staff_with_only_a_password_are_sent_to_the_code_page(client: Client, hilde: User) -> None:
    _password_login(client, "hilde")
    response = client.get("/en/staff/at-risk/")
    assert response.status_code == 302
    assert response["Location"] == "/en/login/code/?next=/en/staff/at-risk/"


def test_a_new_staff_member_sets_up_the_app_and_gets_in(client: Client, hilde: User) -> None:
    _password_login(client, "hilde")
    page = client.get("/en/login/code/?next=/en/staff/at-risk/").content.decode()
    assert "Set up your code app" in page
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)
    assert secret is not None
    assert "otpauth://totp/Loket%3Ahilde?secret=" in page
    key = b32decode(secret.group(1).replace(" ", ""))

    wrong = client.post("/en/login/code/", {"code": "000000", "next": "/en/staff/at-risk/"})
    assert wrong.status_code == 200
    assert "This code is not right" in wrong.content.decode()
    assert client.get("/en/staff/at-risk/").status_code == 302  # still not in

    # django-otp makes the next try wait after a wrong one (1 s); the test does not wait.
    TOTPDevice.objects.filter(user=hilde).update(throttling_failure_count=0)
    right = client.post(
        "/en/login/code/", {"code": f"{totp(key):06d}", "next": "/en/staff/at-risk/"}
    )
    assert right.status_code == 302
    assert right["Location"] == "/en/staff/at-risk/"
    assert client.get("/en/staff/at-risk/").status_code == 200
    assert TOTPDevice.objects.get(user=hilde).confirmed


def test_staff_with_an_app_type_the_code_and_see_no_secret(client: Client, hilde: User) -> None:
    device = TOTPDevice.objects.create(user=hilde, name="phone", confirmed=True)
    _password_login(client, "hilde")
    page = client.get("/en/login/code/").content.decode()
    assert "Type your code" in page
    assert "totp-secret" not in page
    response = client.post("/en/login/code/", {"code": f"{totp(device.bin_key):06d}"})
    assert response["Location"] == "/en/staff/"  # the work page, without a next
    assert client.get("/en/staff/").status_code == 200


def test_a_used_code_does_not_work_a_second_time(client: Client, hilde: User) -> None:
    device = TOTPDevice.objects.create(user=hilde, name="phone", confirmed=True)
    code = f"{totp(device.bin_key):06d}"
    _password_login(client, "hilde")
    assert client.post("/en/login/code/", {"code": code}).status_code == 302
    other = Client()
    _password_login(other, "hilde")
    assert other.post("/en/login/code/", {"code": code}).status_code == 200


def test_the_admin_needs_the_code_too(client: Client, django_user_model: type[User]) -> None:
    django_user_model.objects.create_superuser("beheer", "b@example.org", PASSWORD)
    _password_login(client, "beheer")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/code/?next=/admin/")


def test_without_the_code_staff_still_reach_public_pages_and_log_out(
    client: Client, hilde: User
) -> None:
    _password_login(client, "hilde")
    assert client.get("/en/processing-times/").status_code == 200
    assert client.get("/en/logout/").status_code == 200
    assert client.get("/en/cases/").status_code == 302  # the applicant's door is closed too


def test_applicants_have_no_code_page(client: Client, amira: User) -> None:
    client.force_login(amira)
    assert client.get("/en/login/code/").status_code == 404
    assert client.get("/en/cases/").status_code == 200
