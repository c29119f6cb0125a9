"""The counts of the work lists agree wherever they appear: ``loket forecast refresh``, the
work page, the at-risk, overdue, waiting and received pages, and the teams' digests."""

from __future__ import annotations

import re
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from loket.cases.models import Case
from loket.forecasts.notices import team_digest
from loket.forecasts.tests.work_cases import EXPECTED, NOW
from loket.notifications.models import Message, MessageKind
from loket.web.conftest import url

pytestmark = pytest.mark.django_db

LISTS = ("waiting", "at_risk", "overdue", "received")
PAGES = {
    "waiting": "staff:waiting",
    "at_risk": "staff:at-risk",
    "overdue": "staff:overdue",
    "received": "staff:received",
}


def _cli() -> dict[str, int]:
    """Run ``loket forecast refresh`` and read the counts it prints."""
    out = StringIO()
    call_command("forecast", "refresh", stdout=out)
    text = " ".join(out.getvalue().split())  # the console wraps long lines
    match = re.search(
        r"Work lists: ([\d,]+) at risk, ([\d,]+) overdue, ([\d,]+) waiting for the client past "
        r"the reply date, ([\d,]+) received in the last day\.",
        text,
    )
    assert match, text
    at_risk, overdue, waiting, received = (int(n.replace(",", "")) for n in match.groups())
    return {"waiting": waiting, "at_risk": at_risk, "overdue": overdue, "received": received}


def _work_page(client: Client, **params: str) -> dict[str, int]:
    response = client.get(url("staff:staff-find-case", "en"), params)
    counts = [section["count"] for section in response.context["sections"]]
    # What the page says, not only what the view computed.
    body = response.content.decode()
    for section, count in zip(response.context["sections"], counts, strict=True):
        assert f"{section['list'].title}: {count}</h2>" in body
    return dict(zip(LISTS, counts, strict=True))


def _list_pages(client: Client, **params: str) -> dict[str, int]:
    found = {}
    for name, page in PAGES.items():
        response = client.get(url(page, "en"), params)
        assert response.status_code == 200
        count = response.context["page"].paginator.count
        if count:
            assert f"{count} case" in response.content.decode()  # the table's caption
        found[name] = count
    return found


def _digest_counts(team: str) -> dict[str, int]:
    counts = team_digest(team=team, now=NOW).counts
    return {
        "waiting": counts.waiting_past_reply_date,
        "at_risk": counts.at_risk,
        "overdue": counts.overdue,
        "received": counts.received_recently,
    }


def test_the_counts_agree_in_the_cli_the_pages_and_the_digests(
    client: Client, handler: User, work_cases: dict[str, Case]
) -> None:
    client.force_login(handler)  # in no team: the work page shows every team
    with time_machine.travel(NOW, tick=False):
        cli = _cli()  # also sends the digests of today
        work_page = _work_page(client)
        everything = _work_page(client, team="*")
        list_pages = _list_pages(client, team="*")
        per_team = {team: _digest_counts(team) for team in EXPECTED}
        for team in EXPECTED:
            assert _work_page(client, team=team or "-") == per_team[team], team
            assert _list_pages(client, team=team or "-") == per_team[team], team
    expected = {
        "waiting": sum(len(e.waiting) for e in EXPECTED.values()),
        "at_risk": sum(len(e.at_risk) for e in EXPECTED.values()),
        "overdue": sum(len(e.overdue) for e in EXPECTED.values()),
        "received": sum(len(e.received) for e in EXPECTED.values()),
    }
    assert cli == work_page == everything == list_pages == expected
    summed = {name: sum(counts[name] for counts in per_team.values()) for name in LISTS}
    assert summed == cli
    # The digests the refresh sent say the same numbers as the pages of their team.
    digests = Message.objects.filter(kind=MessageKind.TEAM_ALERT)
    assert digests.count() == len(EXPECTED)
    for message in digests:
        assert message.dedupe_key is not None
        numbers = per_team[message.dedupe_key.split(":", 2)[2]]  # team_digest:<day>:<team>
        assert re.search(rf"- {numbers['overdue']} (zaak is|zaken zijn) te laat", message.body)
        assert f": {numbers['at_risk']} met risico, {numbers['overdue']} te laat" in message.subject
