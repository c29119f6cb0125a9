"""``GET /logout/`` asks for confirmation; the POST logs out and the login page says so."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def test_get_asks_to_confirm_with_a_button_that_posts(client: Client, amira: User) -> None:
    client.force_login(amira)
    response = client.get("/logout/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page
    assert "Uitloggen?" in page
    assert '<form method="post" action="/logout/"' in page
    assert "csrfmiddlewaretoken" in page
    # Asking does not log out.
    assert client.get("/cases/").status_code == 200


def test_get_in_english(client: Client, amira: User) -> None:
    client.force_login(amira)
    page = client.get("/en/logout/").content.decode()
    assert "Log out?" in page
    assert '<form method="post" action="/en/logout/"' in page
    assert 'href="/en/cases/"' in page  # "No, stay logged in"


def test_get_when_not_logged_in_says_so(client: Client) -> None:
    response = client.get("/en/logout/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are not logged in" in page
    assert 'href="/en/login/"' in page


def test_post_logs_out_and_the_login_page_says_it_happened(client: Client, amira: User) -> None:
    client.force_login(amira)
    response = client.post("/logout/", follow=True)
    assert response.redirect_chain == [("/login/", 302)]
    page = response.content.decode()
    assert "U bent uitgelogd." in page
    assert 'role="status"' in page
    assert client.get("/cases/").status_code == 302  # to the login page


def test_post_on_the_english_pages_lands_on_the_english_login(client: Client, amira: User) -> None:
    client.force_login(amira)
    response = client.post("/en/logout/", follow=True)
    assert response.redirect_chain == [("/en/login/", 302)]
    assert "You are logged out." in response.content.decode()
    # Said once: not again on the next page.
    assert "You are logged out." not in client.get("/en/login/").content.decode()


def test_post_when_not_logged_in_says_nothing(client: Client) -> None:
    response = client.post("/en/logout/", follow=True)
    assert "You are logged out." not in response.content.decode()
