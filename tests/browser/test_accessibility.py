"""Every page of the applicant's, the staff and the public door, in Dutch and English, at
320 and 1280 CSS pixels wide: axe-core reports no WCAG 2.1 A/AA violation and the page does
not scroll sideways (WCAG 1.4.10 Reflow: at 320 px only tables may scroll, inside their own
container).

Runs Debian's Chromium (``/usr/bin/chromium``) through Playwright; it never downloads a
browser. The data and the server are made once for the whole module: the module fixture
commits the data and starts its own live server (pytest-django's ``live_server`` makes every
test transactional, which empties the database after each test), and deletes what it made at
the end. Each test itself runs in a transaction that is rolled back (``django_db``), so what
a page writes (a message read, on SQLite where the server shares the test's connection) does
not carry over.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import modify_settings
from django.urls import reverse
from django.utils import timezone, translation

from loket.cases import services
from loket.cases.models import Case, Letter
from loket.catalogue.models import ProductType, Stage
from loket.catalogue.seed import seed_catalogue
from tests.browser.chromium import CHROMIUM, launched_chromium

from .second_factor import pass_second_factor

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = (320, 1280)
LANGUAGES = ("nl", "en")
AMS = ZoneInfo("Europe/Amsterdam")
PASSWORD = "a11y-pass-2026"
REFERENCE = "KM-2026-0320"
WAITING_REFERENCE = "ST-2026-0321"
AT_RISK_REFERENCE = "KM-2026-0322"
# What Chromium reports as a Content Security Policy violation on the tabs (an inline
# style or script the policy blocks); each page check starts it empty.
CSP_VIOLATIONS: list[str] = []
# Set to a folder to keep a full-page screenshot of every page checked.
SCREENSHOTS = os.environ.get("LOKET_A11Y_SCREENSHOT_DIR", "")

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are then refused as "async unsafe" unless allowed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"
    ),
    # Not transactional: the module's data must outlive each test (see the module fixture).
    pytest.mark.django_db,
]


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    who: str | None  # "applicant", "staff" or None (not signed in)
    case: str = "story"  # for a page of one case: "story" or "waiting" (asked for information)


PAGES = (
    Page("login", "accounts:login", None),
    Page("logout confirmation", "accounts:logout", "applicant"),
    Page("my applications", "applicant:my-cases", "applicant"),
    Page("case page", "applicant:case-detail", "applicant"),
    Page("case page waiting for the applicant", "applicant:case-detail", "applicant", "waiting"),
    Page("answer a request", "applicant:answer-request", "applicant", "waiting"),
    Page("letter", "applicant:letter-detail", "applicant"),
    Page("messages", "applicant:inbox", "applicant"),
    Page("find a case", "staff:staff-find-case", "staff"),
    Page("record an event", "staff:staff-record-event", "staff"),
    Page("cases at risk", "staff:at-risk", "staff"),
    Page("overdue cases", "staff:overdue", "staff"),
    Page("waiting past the reply date", "staff:waiting", "staff"),
    Page("received in the last day", "staff:received", "staff"),
    Page("undelivered messages", "staff:undelivered", "staff"),
    Page("access request", "staff:access-request", "staff"),
    Page("processing times", "public:processing-times", None),
    Page("contact", "public:contact", None),
    Page("privacy statement", "public:privacy", None),
    Page("accessibility statement", "public:accessibility", None),
)


# Door URLs that are no page to check: a redirect and file downloads.
NOT_PAGES = {
    "applicant:home",
    "applicant:letter-download",
    "applicant:document-download",
    "staff:staff-document-download",
    "public:health",  # JSON for monitoring, not a page
    # Staff's second factor: a step of the login, which these tabs are past; axe checks it
    # in test_case_page.py (a new handler's first login).
    "accounts:second-factor",
    # The OpenID Connect login: redirects to the provider and back (off in these tests).
    "accounts:oidc-start",
    "accounts:oidc-callback",
}


@dataclass
class Site:
    url: str
    case: Case
    waiting: Case  # we asked the applicant for information; the answer is not in yet
    letter: Letter
    logins: dict[str, str]  # who -> username


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


def _build() -> tuple[Case, Case, Letter]:
    """An applicant with a case that has a letter, a delay notice in the inbox and a forecast,
    a second case where we asked for information last week and a third at risk of being
    late; a handler; processing times for three products."""
    from loket.forecasts.models import ProcessingTime
    from loket.forecasts.notices import delay_notices_send
    from loket.forecasts.tests.factories import late_prediction

    if not ProductType.objects.filter(code="knowledge-migrant").exists():
        seed_catalogue(ProductType, Stage)
    applicant = User.objects.create_user("a11y-amira", password=PASSWORD)
    hanneke = User.objects.create_user("a11y-hanneke", password=PASSWORD, is_staff=True)
    # Also the service's privacy officer, so the access-request page is checked too.
    hanneke.groups.add(Group.objects.get_or_create(name="privacy_officer")[0])
    case = services.case_create(
        reference=REFERENCE,
        product="knowledge-migrant",
        received_at=_at(dt.date(2026, 2, 2)),
        source="staff",
        applicant=applicant,
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
    letter = Letter.objects.create(
        case=case,
        title_nl="Wij hebben meer tijd nodig",
        title_en="We need more time",
        body_nl="Beste Amira,\n\nWij hebben meer tijd nodig.",
        body_en="Dear Amira,\n\nWe need more time.",
        sent_at=_at(dt.date(2026, 4, 20)),
    )
    case.refresh_from_db()
    sent_on = _at(dt.date(2026, 5, 1))
    late_prediction(case, at=sent_on, days_after_due=(5, 20, 45))
    delay_notices_send(now=sent_on)
    today = timezone.localdate()
    waiting = services.case_create(
        reference=WAITING_REFERENCE,
        product="study",
        received_at=_at(today - dt.timedelta(days=20)),
        source="staff",
        applicant=applicant,
        handler_name="Hanneke de Vries",
        handler_email="h.devries@loket.example",
        team="Studie Den Haag",
    )
    services.case_record_event(
        case=waiting,
        kind="information_requested",
        at=_at(today - dt.timedelta(days=7)),
        source="staff",
        days=28,
        note="A copy of your passport and your letter of admission from the university.",
    )
    waiting.refresh_from_db()
    # A case still within its decision period but forecast to be late: on the staff's list
    # of cases at risk (the story case is past its date, so no longer "at risk").
    at_risk = services.case_create(
        reference=AT_RISK_REFERENCE,
        product="knowledge-migrant",
        received_at=_at(today - dt.timedelta(days=30)),
        source="staff",
        applicant=applicant,
        team="Arbeid Zwolle",
    )
    at_risk.refresh_from_db()
    late_prediction(at_risk, at=timezone.now(), days_after_due=(5, 20, 45))
    for code, (p80, low, mid, high) in {
        "knowledge-migrant": (75, 30, 60, 110),
        "asylum": (220, 90, 150, 260),
        "study": (40, 10, 20, 45),
    }.items():
        ProcessingTime.objects.create(
            product=ProductType.objects.get(code=code),
            computed_on=today,
            decisions_last_6_months=420,
            p80_days_last_6_months=p80,
            forecast_median_days=mid,
            forecast_lower_days=low,
            forecast_upper_days=high,
            open_cases=57,
        )
    return case, waiting, letter


def _delete_what_the_module_made() -> None:
    """Every row outside the migrations' data: the tests of this module run between tests
    that each roll back their own, so the cases, people, forecasts and sessions here are
    this module's."""
    from django.contrib.sessions.models import Session

    from loket.audit.models import ProcessingRecord
    from loket.audit.purge import append_only_purge
    from loket.forecasts.models import ForecastModel, ProcessingTime

    # Events, letters and the processing log are append-only: only a purge removes them.
    with append_only_purge():
        ProcessingRecord.objects.all().delete()
        Case.objects.all().delete()  # with their events, letters, predictions and messages
        ForecastModel.objects.all().delete()
        ProcessingTime.objects.all().delete()
        User.objects.all().delete()  # with their messages and language
    Session.objects.all().delete()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(browser: Any, django_db_setup: None, django_db_blocker: Any) -> Iterator[Site]:
    """The data, committed, and a live server that uses the same database connection as the
    tests. Playwright starts first: while its event loop runs in this thread, Django keeps
    connections per context instead of per thread, so the data, the server (which shares
    an in-memory SQLite connection) and each test's transaction must all be made after it,
    or the test's transaction and the server hold two connections and lock each other out."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        case, waiting, letter = _build()
        server = LiveServer("localhost")
        try:
            yield Site(
                url=server.url,
                case=case,
                waiting=waiting,
                letter=letter,
                logins={"applicant": "a11y-amira", "staff": "a11y-hanneke"},
            )
        finally:
            # Close the browser's connections first and let their request threads end: a
            # thread still serving a kept-alive connection when the server stops would close
            # the shared in-memory connection from a thread no longer allowed to use it.
            for context in browser.contexts:
                context.close()
            time.sleep(0.5)
            server.stop()
            _delete_what_the_module_made()
            # The connection made while Playwright runs belongs to this context, not to the
            # thread: close it, or PostgreSQL cannot drop the test database at the end.
            connection.close()


@pytest.fixture(scope="module")
def tabs(site: Site, browser: Any) -> Iterator[dict[tuple[str | None, int], Any]]:
    """One browser tab per (who is signed in, viewport width), signed in once."""
    made: dict[tuple[str | None, int], Any] = {}
    contexts = []
    for who in (None, "applicant", "staff"):
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800})
            contexts.append(context)
            page = context.new_page()
            page.on("console", _record_csp_violation)
            if who is not None:
                page.goto(f"{site.url}/en/login/")
                page.get_by_label("Username").fill(site.logins[who])
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.wait_for_load_state()
                pass_second_factor(page, site.logins[who])  # staff: the code after the password
                assert "/login/" not in page.url, f"{who} could not log in"
            made[who, width] = page
    yield made
    for context in contexts:
        context.close()


def _record_csp_violation(message: Any) -> None:
    if "Content Security Policy" in message.text:
        CSP_VIOLATIONS.append(message.text)


def _path(site: Site, page: Page, language: str) -> str:
    reference = (site.waiting if page.case == "waiting" else site.case).reference
    params = {
        "applicant:case-detail": {"reference": reference},
        "applicant:answer-request": {"reference": reference},
        "staff:staff-record-event": {"reference": reference},
        "applicant:letter-detail": {"reference": reference, "letter_id": site.letter.pk},
    }
    with translation.override(language):
        return reverse(page.url_name, kwargs=params.get(page.url_name))


def axe_violations(page: Any) -> tuple[int, str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, options=options)
    return results.violations_count, results.generate_report()


def sideways_overflow(page: Any) -> int:
    """How many CSS pixels the page scrolls sideways (0: it does not)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES, ids=[p.name.replace(" ", "-") for p in PAGES])
def test_page_passes_axe_and_does_not_scroll_sideways(
    site: Site, tabs: dict[tuple[str | None, int], Any], page: Page, language: str, width: int
) -> None:
    tab = tabs[page.who, width]
    CSP_VIOLATIONS.clear()
    response = tab.goto(site.url + _path(site, page, language))
    assert response is not None
    assert response.status == 200, f"{page.name}: HTTP {response.status}"
    assert tab.locator("html").get_attribute("lang") == language
    overflow = sideways_overflow(tab)
    count, report = axe_violations(tab)
    if SCREENSHOTS:
        name = f"{page.name.replace(' ', '-')}-{language}-{width}.png"
        tab.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)
    print(f"{page.name} {language} {width}px: sideways {overflow}px, axe {count}")
    problems = []
    if overflow > 0:
        problems.append(f"the page scrolls sideways by {overflow}px")
    if count:
        problems.append(report)
    problems.extend(CSP_VIOLATIONS)  # the strict CSP blocks nothing the page needs
    assert problems == [], f"{page.name} ({language}, {width}px): " + "\n".join(problems)


def test_logging_out_asks_first_and_the_login_page_then_says_it_happened(
    site: Site, browser: Any
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(f"{site.url}/login/")
    page.get_by_label("Gebruikersnaam").fill(site.logins["applicant"])
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanvragen")

    page.goto(f"{site.url}/logout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitloggen?")
    page.get_by_role("main").get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(f"{site.url}/login/")
    expect(page.get_by_role("status")).to_contain_text("U bent uitgelogd.")
    assert sideways_overflow(page) <= 0
    count, report = axe_violations(page)
    assert count == 0, report
    page.goto(f"{site.url}/cases/")
    expect(page).to_have_url(f"{site.url}/login/?next=/cases/")
    context.close()


def test_english_chosen_on_the_login_page_is_kept_after_the_login(site: Site, browser: Any) -> None:
    from playwright.sync_api import expect

    from loket.notifications.selectors import preferred_language

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{site.url}/")  # -> /cases/ -> /login/?next=/cases/
    expect(page).to_have_url(f"{site.url}/login/?next=/cases/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill(site.logins["applicant"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{site.url}/en/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My applications")
    assert preferred_language(User.objects.get(username=site.logins["applicant"])) == "en"
    context.close()


def test_every_page_of_the_doors_is_checked() -> None:
    """A new page in a door fails this until it is added to PAGES (or NOT_PAGES)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def names(patterns: list[URLPattern | URLResolver], namespace: str) -> set[str]:
        found: set[str] = set()
        for entry in patterns:
            if isinstance(entry, URLResolver):
                found |= names(entry.url_patterns, entry.namespace or namespace)
            elif entry.name and namespace in ("applicant", "staff", "public", "accounts"):
                found.add(f"{namespace}:{entry.name}")
        return found

    pages = names(get_resolver().url_patterns, "")
    assert pages - NOT_PAGES == {page.url_name for page in PAGES}
