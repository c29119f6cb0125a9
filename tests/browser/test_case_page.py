"""The applicant's journey in a real browser, with axe-core checking WCAG 2.1 A/AA.

Runs Debian's Chromium (``/usr/bin/chromium``) through Playwright against pytest-django's
``live_server``; it never downloads a browser. Screenshots of the case page go to /tmp.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from loket.cases import services
from loket.cases.models import Case, Letter
from loket.catalogue.models import ProductType, Stage
from loket.catalogue.seed import seed_catalogue
from tests.browser.chromium import CHROMIUM, launched_chromium

from .second_factor import pass_second_factor

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(os.environ.get("LOKET_SCREENSHOT_DIR", "/tmp"))
AMS = ZoneInfo("Europe/Amsterdam")
PASSWORD = "amira-pass-2026"

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are then refused as "async unsafe" unless allowed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
    # live_server needs real commits. Not serialized_rollback: after another transactional
    # test's flush it collides on content types. The flush at the end empties the tables,
    # so the fixture seeds the catalogue itself when an earlier flush removed it.
    pytest.mark.django_db(transaction=True),
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


@pytest.fixture
def amira_case() -> Case:
    if not ProductType.objects.filter(code="knowledge-migrant").exists():
        seed_catalogue(ProductType, Stage)
    amira = User.objects.create_user("amira", password=PASSWORD)
    case = services.case_create(
        reference="KM-2026-0042",
        product="knowledge-migrant",
        received_at=_at(dt.date(2026, 2, 2)),
        source="staff",
        applicant=amira,
        handler_name="Hanneke de Vries",
        handler_email="h.devries@loket.example",
        team="Arbeid Zwolle",
    )
    for kind, day, stage, days in [
        ("stage_entered", dt.date(2026, 2, 5), "intake", None),
        ("information_requested", dt.date(2026, 3, 10), "", None),
        ("information_received", dt.date(2026, 3, 20), "", None),
        ("stage_entered", dt.date(2026, 3, 23), "assessment", None),
        ("term_extended", dt.date(2026, 4, 20), "", 14),
    ]:
        services.case_record_event(
            case=case, kind=kind, at=_at(day), source="staff", stage=stage, days=days
        )
    Letter.objects.create(
        case=case,
        title_nl="Wij hebben meer tijd nodig",
        title_en="We need more time",
        body_nl="Beste Amira,\n\nWij hebben meer tijd nodig.",
        body_en="Dear Amira,\n\nWe need more time.",
        sent_at=_at(dt.date(2026, 4, 20)),
    )
    return case


@pytest.fixture
def browser() -> Iterator[object]:
    with launched_chromium() as chromium:
        yield chromium


def _assert_accessible(page: object, what: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"


def test_applicant_reads_the_case_page_and_every_page_passes_axe(
    live_server: object, amira_case: Case, browser: object
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    base = str(live_server.url)  # type: ignore[attr-defined]
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="nl-NL")
    page = context.new_page()

    # Login, in both languages, before logging in.
    for prefix in ("", "/en"):
        page.goto(f"{base}{prefix}/login/")
        expect(page.locator("html")).to_have_attribute("lang", "en" if prefix else "nl")
        _assert_accessible(page, f"login {prefix or 'nl'}")
    page.screenshot(path=str(SCREENSHOTS / "loket-login-en.png"), full_page=True)

    page.goto(f"{base}/login/")
    page.get_by_label("Gebruikersnaam").fill("amira")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanvragen")
    _assert_accessible(page, "my cases nl")
    page.screenshot(path=str(SCREENSHOTS / "loket-my-cases-nl.png"), full_page=True)

    page.get_by_role("link", name="Kennismigrant").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kennismigrant")
    current = page.locator('[aria-current="step"]')
    expect(current).to_contain_text("Beoordeling")
    expect(page.locator(".loket-term__date")).to_contain_text("woensdag 27 mei 2026")
    expect(page.get_by_text("De beslisdatum schuift 10 dagen op.")).to_be_visible()
    _assert_accessible(page, "case page nl")
    page.screenshot(path=str(SCREENSHOTS / "loket-case-page-nl.png"), full_page=True)

    # The language switch keeps the applicant on the same page.
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{base}/en/cases/{amira_case.reference}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Assessment")
    expect(page.locator(".loket-term__date")).to_contain_text("Wednesday 27 May 2026")
    _assert_accessible(page, "case page en")
    page.screenshot(path=str(SCREENSHOTS / "loket-case-page-en.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the page must reflow
    page.screenshot(path=str(SCREENSHOTS / "loket-case-page-en-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1100, "height": 900})

    page.get_by_role("link", name="We need more time", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We need more time")
    _assert_accessible(page, "letter en")

    page.goto(f"{base}/en/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My applications")
    _assert_accessible(page, "my cases en")

    # Keyboard users reach the skip link first, and it takes them to the content.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to the main content")

    # And back to Dutch, still on the same page.
    page.get_by_role("button", name="Nederlands").click()
    expect(page).to_have_url(f"{base}/cases/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    context.close()


def test_handler_sees_a_clear_error_and_keeps_the_input(
    live_server: object, amira_case: Case, browser: object
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    User.objects.create_user("hanneke", password="hanneke-pass-2026", is_staff=True)
    base = str(live_server.url)  # type: ignore[attr-defined]
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{base}/en/login/?next=/en/staff/cases/{amira_case.reference}/events/new/")
    page.get_by_label("Username").fill("hanneke")
    page.get_by_label("Password").fill("hanneke-pass-2026")
    page.get_by_role("button", name="Log in").click()
    # The second factor: a new staff member sets up the app (the page passes axe too).
    pass_second_factor(page, "hanneke", lambda p: _assert_accessible(p, "second factor en"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an event")
    _assert_accessible(page, "staff form en")

    # Only the fields of the chosen kind show (the form's script); the others are hidden.
    reason = page.get_by_label("Reason for the extension")
    expect(reason).to_be_hidden()
    page.get_by_label("What happened").select_option("term_extended")
    expect(reason).to_be_visible()
    expect(page.get_by_label("Reasons (written in the refusal letter)")).to_be_hidden()
    reason.fill("Waiting for the police report.")
    page.get_by_role("button", name="Record event").click()
    days = page.get_by_label("Days of extension")
    expect(days).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_days-error")).to_contain_text("Enter by how many days")
    expect(reason).to_have_value("Waiting for the police report.")
    _assert_accessible(page, "staff form with errors")
    page.screenshot(path=str(SCREENSHOTS / "loket-staff-form-error-en.png"), full_page=True)

    days.fill("14")
    page.get_by_role("button", name="Record event").click()
    expect(page.get_by_text("The event is recorded.")).to_be_visible()
    assert amira_case.events.filter(kind="term_extended").count() == 2
    extension = amira_case.events.order_by("-sequence")[0]
    assert (extension.days, extension.note) == (14, "Waiting for the police report.")
    page.close()


def test_forecast_pages_are_clear_and_pass_axe(
    live_server: object, amira_case: Case, browser: object
) -> None:
    """The expected window on the case page, the public processing times and the staff
    lists of cases at risk and overdue, in both languages."""
    from django.utils import timezone
    from playwright.sync_api import Browser, expect

    from loket.forecasts.models import CasePrediction, ForecastModel, ProcessingTime

    assert isinstance(browser, Browser)
    today = timezone.localdate()
    model = ForecastModel.objects.create(
        trained_at=timezone.now(),
        data_until=timezone.now(),
        training_cases=100,
        training_events=600,
        reason="first",
        artifact=b"",
    )
    # The case is open and already past its legal date in this fixture; give it a window
    # from today so the page shows it.
    CasePrediction.objects.create(
        case=amira_case,
        model=model,
        predicted_at=timezone.now(),
        expected_on=today + dt.timedelta(days=12),
        earliest_on=today + dt.timedelta(days=3),
        latest_on=today + dt.timedelta(days=30),
        probability_late=0.9,
    )
    ProcessingTime.objects.create(
        product=amira_case.product,
        computed_on=today,
        decisions_last_6_months=420,
        p80_days_last_6_months=75,
        forecast_median_days=60,
        forecast_lower_days=30,
        forecast_upper_days=110,
        open_cases=57,
    )
    base = str(live_server.url)  # type: ignore[attr-defined]
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="nl-NL")
    page = context.new_page()

    page.goto(f"{base}/processing-times/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe lang duurt het?")
    expect(page.get_by_role("row", name="Kennismigrant")).to_contain_text("11 weken")
    _assert_accessible(page, "processing times nl")
    page.goto(f"{base}/en/processing-times/")
    expect(page.get_by_role("row", name="Highly skilled migrant")).to_contain_text("11 weeks")
    _assert_accessible(page, "processing times en")
    page.screenshot(path=str(SCREENSHOTS / "loket-processing-times-en.png"), full_page=True)

    page.goto(f"{base}/en/login/?next=/en/cases/{amira_case.reference}/")
    page.get_by_label("Username").fill("amira")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("We expect a decision between")).to_be_visible()
    expect(page.get_by_text("For 8 in 10 of them")).to_be_visible()
    _assert_accessible(page, "case page with forecast en")
    page.screenshot(path=str(SCREENSHOTS / "loket-case-forecast-en.png"), full_page=True)
    page.goto(f"{base}/cases/{amira_case.reference}/")
    expect(page.get_by_text("Wij verwachten een besluit tussen")).to_be_visible()
    _assert_accessible(page, "case page with forecast nl")
    context.close()

    User.objects.create_user("hanna", password=PASSWORD, is_staff=True)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/en/login/?next=/en/staff/at-risk/")
    page.get_by_label("Username").fill("hanna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    pass_second_factor(page, "hanna")
    # Its legal date has passed: the case is overdue, not at risk, whatever its forecast.
    expect(page.get_by_text("No open case is at risk right now.")).to_be_visible()
    _assert_accessible(page, "cases at risk en")
    page.goto(f"{base}/en/staff/overdue/?team=*")
    row = page.get_by_role("row", name=amira_case.reference)
    expect(row).to_contain_text("Highly skilled migrant")
    expect(row).to_contain_text(f"{today + dt.timedelta(days=12):%-d %b %Y}")
    _assert_accessible(page, "overdue cases en")
    context.close()


def test_applicant_reads_a_delay_notice_in_the_inbox_and_it_passes_axe(
    live_server: object, amira_case: Case, browser: object
) -> None:
    from playwright.sync_api import Browser, expect

    from loket.forecasts.notices import delay_notices_send
    from loket.forecasts.tests.factories import late_prediction

    assert isinstance(browser, Browser)
    assert amira_case.decision_due is not None
    sent_on = _at(dt.date(2026, 5, 1))  # before the legal date of 27 May 2026
    late_prediction(amira_case, at=sent_on, days_after_due=(5, 20, 45))
    assert delay_notices_send(now=sent_on) == 1

    base = str(live_server.url)  # type: ignore[attr-defined]
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.get_by_label("Gebruikersnaam").fill("amira")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("link", name="Berichten (1 nieuw)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    notice = page.locator("article.loket-message")
    expect(notice.locator(".loket-message__body")).to_have_attribute("lang", "nl")
    expect(notice.get_by_role("heading")).to_have_text(
        f"{amira_case.reference}: het besluit komt waarschijnlijk later"
    )
    expect(notice).to_contain_text("Nieuw")
    _assert_accessible(page, "inbox nl")
    page.screenshot(path=str(SCREENSHOTS / "loket-inbox-nl.png"), full_page=True)

    # Read once: the menu no longer counts it; the English page keeps the Dutch message
    # marked as Dutch for screen readers.
    page.goto(f"{base}/en/messages/")
    expect(page.get_by_role("link", name="Messages", exact=True)).to_be_visible()
    expect(page.locator(".loket-message__body")).to_have_attribute("lang", "nl")
    _assert_accessible(page, "inbox en")
    context.close()
