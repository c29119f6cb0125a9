"""A case whose reference holds a ``/`` (stored before the reference rule, or by a tool that
bypassed it) gets working links: the applicant's list once answered 500 for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from loket.cases.models import Case
from loket.web.conftest import url

pytestmark = pytest.mark.django_db

ODD = ["A/1", "B%2F1", "C?1#2", "D 1", "E\\1"]


def _legacy(case: Case, reference: str) -> Case:
    # What the doors now refuse, written past them as old data would be.
    Case.objects.filter(pk=case.pk).update(reference=reference)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("reference", ODD)
def test_the_applicants_list_and_case_page_work_for_an_odd_reference(
    client: Client, amira: User, case_factory: Callable[..., Case], reference: str
) -> None:
    case = _legacy(case_factory(amira, "ST-ODD-1"), reference)
    client.force_login(amira)
    listing = client.get(url("applicant:my-cases", "en"))
    assert listing.status_code == 200
    link = url("applicant:case-detail", "en", reference=case.reference)
    assert link in listing.content.decode()
    page = client.get(link)
    assert page.status_code == 200
    assert page.context["case"].pk == case.pk


def test_a_reference_in_the_url_is_unchanged_when_it_follows_the_rule() -> None:
    assert url("applicant:case-detail", "en", reference="S2026-KM-000960") == (
        "/en/cases/S2026-KM-000960/"
    )


def test_the_staff_finder_and_record_form_work_for_an_odd_reference(
    client: Client, amira: User, handler: User, case_factory: Callable[..., Case]
) -> None:
    case = _legacy(case_factory(amira, "ST-ODD-2"), "A/2")
    client.force_login(handler)
    found = client.get(url("staff:staff-find-case", "en"), {"reference": "A/2"})
    assert found.status_code == 302
    form = client.get(found["Location"])
    assert form.status_code == 200
    assert case.reference in form.content.decode()
    odd_query = client.get(url("staff:staff-find-case", "en"), {"reference": "../\x00%"})
    assert odd_query.status_code == 200  # not found, said on the page


def test_a_nul_in_a_case_url_is_a_404_not_a_server_error(client: Client, amira: User) -> None:
    client.force_login(amira)
    assert client.get("/en/cases/A%00/").status_code == 404
