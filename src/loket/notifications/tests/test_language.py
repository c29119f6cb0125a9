"""The language an applicant chose, which the messages we send them are written in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from pytest_django import Settings

from loket.notifications.models import LanguagePreference
from loket.notifications.selectors import preferred_language
from loket.notifications.services import NotificationError, language_preference_set

pytestmark = pytest.mark.django_db


def test_someone_who_never_chose_is_written_to_in_dutch(amira: User) -> None:
    assert preferred_language(amira) == "nl"
    assert preferred_language(None) == "nl"  # a case without an account


def test_the_last_choice_counts(amira: User, bram: User) -> None:
    language_preference_set(user=amira, language="en")
    assert preferred_language(amira) == "en"
    assert preferred_language(bram) == "nl"
    language_preference_set(user=amira, language="nl")
    assert preferred_language(amira) == "nl"
    assert LanguagePreference.objects.filter(user=amira).count() == 1


def test_only_the_languages_loket_offers_can_be_chosen(amira: User) -> None:
    with pytest.raises(NotificationError):
        language_preference_set(user=amira, language="de")
    assert not LanguagePreference.objects.exists()


def test_a_choice_of_a_language_no_longer_offered_falls_back_to_dutch(
    amira: User, settings: Settings
) -> None:
    language_preference_set(user=amira, language="en")
    settings.LANGUAGES = [("nl", "Nederlands")]
    assert preferred_language(amira) == "nl"
