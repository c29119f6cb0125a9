from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "loket.letters"
    label = "letters"
    verbose_name = "Letters"

    def ready(self) -> None:
        from loket.cases.events import CaseEventRecorded
        from loket.kernel.domain_events import subscribe
        from loket.letters import checks  # noqa: F401  (registers the system check)
        from loket.letters.services import letters_for_events

        subscribe(CaseEventRecorded, letters_for_events)
