from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    """Messages to applicants about their case: a change recorded (received, information
    requested, term extended, decision, document ready) and dates that come (a reminder
    before a reply date, the legal date passed). Sent through the notifications outbox,
    once per change, held a short while so a burst of changes becomes one message.

    It reacts to ``loket.cases.events.CaseEventRecorded``; nothing calls it from below.
    """

    name = "loket.updates"
    label = "updates"

    def ready(self) -> None:
        from loket.cases.events import CaseEventRecorded
        from loket.kernel.domain_events import subscribe
        from loket.updates.services import updates_on_case_events

        subscribe(CaseEventRecorded, updates_on_case_events)
