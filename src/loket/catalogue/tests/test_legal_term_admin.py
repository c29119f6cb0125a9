"""The admin adds a new version of a product's legal term from a date; it never edits the
term in place, so no case received under the old version changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.forms import BaseForm
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from loket.catalogue.models import BEGINNING, LegalTerm, ProductType

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    user = User.objects.create_superuser(username="beheer", password="x", email="b@example.org")
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, product: ProductType) -> HttpResponse:
    response = client.get(f"/admin/catalogue/producttype/{product.pk}/change/")
    assert response.status_code == 200
    return response  # type: ignore[return-value]


def _post_data(response: HttpResponse) -> dict[str, Any]:
    """What the browser would send back for the change page as it was shown."""
    data: dict[str, Any] = {}

    def add(form: BaseForm) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    context: Any = response.context  # type: ignore[attr-defined]
    add(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def _with_new_version(data: dict[str, Any], valid_from: dt.date, days: int) -> dict[str, Any]:
    index = int(data["legal_terms-TOTAL_FORMS"])
    return {
        **data,
        "legal_terms-TOTAL_FORMS": index + 1,
        f"legal_terms-{index}-valid_from": valid_from.isoformat(),
        f"legal_terms-{index}-term_months": 0,
        f"legal_terms-{index}-term_days": days,
        f"legal_terms-{index}-max_extension_days": 0,
        f"legal_terms-{index}-legal_source": "Testwet art. 1",
    }


def _study() -> ProductType:
    return ProductType.objects.get(code="study")


def test_the_product_page_shows_the_term_versions_read_only_and_no_term_field(
    admin_client: Client,
) -> None:
    body = _page(admin_client, _study()).content.decode()
    assert 'name="legal_terms-0-term_days"' not in body  # the version in force: text only
    assert "1900-01-01" in body or "1 januari 1900" in body or "Jan. 1, 1900" in body
    assert 'name="term_days"' not in body  # the product itself has no term to overwrite


def test_the_admin_adds_a_version_from_a_later_date_and_keeps_the_first(
    admin_client: Client,
) -> None:
    study = _study()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = _with_new_version(_post_data(_page(admin_client, study)), tomorrow, 30)
    data["legal_terms-0-term_days"] = 1  # a tampered form cannot edit the version in force
    response = admin_client.post(f"/admin/catalogue/producttype/{study.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    versions = list(study.legal_terms.values_list("valid_from", "term_days"))
    assert versions == [(BEGINNING, 60), (tomorrow, 30)]


def test_the_admin_refuses_a_version_from_today_or_earlier(admin_client: Client) -> None:
    study = _study()
    data = _with_new_version(_post_data(_page(admin_client, study)), timezone.localdate(), 30)
    response = admin_client.post(f"/admin/catalogue/producttype/{study.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the reason
    assert "at the earliest" in response.content.decode() or "op zijn vroegst" in (
        response.content.decode()
    )
    assert LegalTerm.objects.filter(product=study).count() == 1


def test_the_product_list_shows_the_term_in_force_today(admin_client: Client) -> None:
    body = admin_client.get("/admin/catalogue/producttype/").content.decode()
    assert "12 mo (+184 d)" in body  # naturalisation: one year, extensible by 184 days


def test_a_new_product_gets_its_first_term_from_any_date(admin_client: Client) -> None:
    page = admin_client.get("/admin/catalogue/producttype/add/")
    data = {
        **_post_data(page),  # type: ignore[arg-type]
        "code": "seasonal-work",
        "name_nl": "Seizoensarbeid",
        "name_en": "Seasonal work",
        "client_group": "work",
        "is_active": "on",
        "remedy_weeks": 0,
        "remedy_short_weeks": 0,
        "legal_terms-0-valid_from": "2020-01-01",
        "legal_terms-0-term_months": 0,
        "legal_terms-0-term_days": 90,
        "legal_terms-0-max_extension_days": 0,
    }
    response = admin_client.post("/admin/catalogue/producttype/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    product = ProductType.objects.get(code="seasonal-work")
    assert list(product.legal_terms.values_list("valid_from", "term_days")) == [
        (dt.date(2020, 1, 1), 90)
    ]


def test_a_new_product_needs_a_term(admin_client: Client) -> None:
    page = admin_client.get("/admin/catalogue/producttype/add/")
    data = {
        **_post_data(page),  # type: ignore[arg-type]
        "code": "no-term",
        "name_nl": "Zonder termijn",
        "name_en": "Without a term",
        "client_group": "work",
        "remedy_weeks": 0,
        "remedy_short_weeks": 0,
    }
    response = admin_client.post("/admin/catalogue/producttype/add/", data)
    assert response.status_code == 200
    assert not ProductType.objects.filter(code="no-term").exists()
