"""The admin shows cases and their events but cannot change the log."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from loket.audit.models import ProcessingRecord
from loket.cases.admin import CaseAdmin, LetterInline
from loket.cases.models import Case
from loket.cases.services import case_create

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in() -> Client:
    user = User.objects.create_superuser(username="beheer", password="x", email="b@example.org")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case() -> Case:
    return case_create(
        reference="ADM-1", product="study", received_at=at(2026, 3, 2), source="staff"
    )


def test_the_case_page_in_the_admin_shows_its_events_read_only(
    admin_client_logged_in: Client, case: Case
) -> None:
    response = admin_client_logged_in.get(f"/admin/cases/case/{case.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="events-0"' in body  # the received event is listed
    assert 'name="events-0-kind"' not in body  # as text, not as a form field
    assert 'name="events-MAX_NUM_FORMS" value="0"' in body  # and none can be added


def test_the_admin_cannot_add_a_case_by_hand(admin_client_logged_in: Client) -> None:
    assert admin_client_logged_in.get("/admin/cases/case/add/").status_code == 403


def test_a_product_page_in_the_admin_edits_its_stages(admin_client_logged_in: Client) -> None:
    response = admin_client_logged_in.get("/admin/catalogue/producttype/")
    assert response.status_code == 200
    assert "knowledge-migrant" in response.content.decode()
    product_id = Case._meta.get_field("product").related_model.objects.get(code="asylum").pk  # type: ignore[union-attr]
    page = admin_client_logged_in.get(f"/admin/catalogue/producttype/{product_id}/change/")
    assert "Nader gehoor" in page.content.decode()


def test_a_look_at_a_case_in_the_admin_is_in_the_processing_log(
    admin_client_logged_in: Client, case: Case
) -> None:
    admin_client_logged_in.get(f"/admin/cases/case/{case.pk}/change/")
    record = ProcessingRecord.objects.get()
    assert (record.activity, record.actor_name, record.object_ref) == (
        "admin.view",
        "beheer",
        "ADM-1",
    )


def test_moving_a_case_to_another_person_is_logged_for_both(case: Case) -> None:
    superuser = User.objects.create_superuser(username="beheer", password="x")
    amira = User.objects.create_user("amira")
    bram = User.objects.create_user("bram")
    Case.objects.filter(pk=case.pk).update(applicant=amira)
    case.refresh_from_db()
    request = RequestFactory().post("/")
    request.user = superuser
    case.applicant = bram
    CaseAdmin(Case, admin.site).save_model(
        request, case, SimpleNamespace(changed_data=["applicant"]), change=True
    )
    records = ProcessingRecord.objects.filter(activity="admin.change")
    assert {r.subject_id for r in records} == {str(amira.pk), str(bram.pk)}
    assert all(f"person {amira.pk} -> {bram.pk}" in r.detail for r in records)


def test_sent_letters_are_read_only_in_the_admin() -> None:
    inline = LetterInline(Case, admin.site)
    request = RequestFactory().get("/")
    assert not inline.has_change_permission(request)
    assert not inline.has_delete_permission(request)
    assert not inline.has_add_permission(request)
