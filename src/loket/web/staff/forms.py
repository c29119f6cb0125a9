"""The staff form that records a case event, and the filter of the work lists."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, Final

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from loket.cases.domain.replies import DEFAULT_REPLY_DAYS
from loket.cases.domain.transitions import NEEDS_GRANT, allowed_kinds
from loket.cases.models import Case, CaseStatus, EventKind, Outcome, Track
from loket.web.shared.forms import AccessibleFormMixin

# The kind the form proposes, first one the case allows: the usual next step in each state.
_PREFERRED: Final = (
    EventKind.INFORMATION_RECEIVED,  # waiting for the client: the answer came
    EventKind.DOCUMENT_READY,  # granted: the card is ready
    EventKind.ISSUED,  # card ready: it was collected
    EventKind.STAGE_ENTERED,  # received or in progress: the next step
)

# The fields that belong to one kind of event only (shown together with it in the form).
KIND_FIELDS: Final[dict[EventKind, tuple[str, ...]]] = {
    EventKind.DECIDED: ("outcome", "reasons"),
    EventKind.INFORMATION_REQUESTED: ("needed", "reply_days"),
    EventKind.TERM_EXTENDED: ("days", "extension_reason"),
    EventKind.STAGE_ENTERED: ("stage",),
}
# The kinds whose free text goes into the applicant's letter (the event's ``note``).
LETTER_TEXT: Final[dict[EventKind, str]] = {
    EventKind.DECIDED: "reasons",
    EventKind.INFORMATION_REQUESTED: "needed",
    EventKind.TERM_EXTENDED: "extension_reason",
}


def recordable_kinds(case: Case) -> list[EventKind]:
    """The events the transition table allows on ``case`` now; a document only after a grant."""
    kinds = allowed_kinds(CaseStatus(case.status))
    if case.outcome != Outcome.GRANTED:
        kinds = [kind for kind in kinds if kind not in NEEDS_GRANT]
    return kinds


def _joined(labels: list[str]) -> str:
    """ "a, b or c" in the active language."""
    if len(labels) <= 1:
        return "".join(labels)
    return gettext("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def possible_now(case: Case) -> str:
    """One sentence: what can be recorded on ``case`` now."""
    kinds = recordable_kinds(case)
    if not kinds:
        return gettext("Nothing more can be recorded on this case: it is closed.")
    return gettext("Now you can record: %(kinds)s.") % {
        "kinds": _joined([f"'{kind.label}'" for kind in kinds])
    }


def _proposed(kinds: Sequence[EventKind]) -> EventKind | None:
    for kind in _PREFERRED:
        if kind in kinds:
            return kind
    return kinds[0] if kinds else None


class RecordEventForm(AccessibleFormMixin, forms.Form):
    """What a handler fills in to record one fact about a case.

    ``kind`` offers only what the case allows now. The fields of one kind (a decision's
    outcome and reasons, a request's needs and reply days, an extension's days and reason, a
    step) are named for it; the reasons, the needs and the extension's reason go into the
    event's ``note``, which the letter to the applicant quotes. ``event_note`` and
    ``event_days`` give the values to record.
    """

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("What happened"))
    at = forms.DateTimeField(
        label=_("Date and time"),
        help_text=_("When it happened, not when you type it in."),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        help_text=_("Only for 'Decision made'."),
        required=False,
        choices=[("", _("Choose the decision")), *Outcome.choices],
    )
    reasons = forms.CharField(
        label=_("Reasons (written in the refusal letter)"),
        help_text=_(
            "Only for 'Decision made'. Needed for a refusal. The applicant reads this in the "
            "letter: write it in plain words."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    needed = forms.CharField(
        label=_("What do we need from the applicant?"),
        help_text=_(
            "Only for 'Information requested'. The applicant reads this in the letter and in "
            "Loket. Name each document or answer."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reply_days = forms.IntegerField(
        label=_("Days to reply"),
        help_text=_("Only for 'Information requested'. Usually 21 days."),
        required=False,
        min_value=1,
        max_value=365,
    )
    days = forms.IntegerField(
        label=_("Days of extension"),
        help_text=_("Only for 'Decision term extended': by how many days."),
        required=False,
        min_value=1,
        max_value=365,
    )
    extension_reason = forms.CharField(
        label=_("Reason for the extension"),
        help_text=_(
            "Only for 'Decision term extended'. The applicant reads this in the letter: "
            "write it in plain words."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stage = forms.ChoiceField(
        label=_("Step"),
        help_text=_("Only for 'Next step started': the step the case moves to."),
        required=False,
    )
    note = forms.CharField(
        label=_("Note for colleagues"),
        help_text=_(
            "The applicant does not see this note. Not for a decision, a request or an "
            "extension: what you write for those goes into the letter."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.kinds = recordable_kinds(case)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [(kind.value, kind.label) for kind in self.kinds]
        kind_field.error_messages["invalid_choice"] = " ".join(
            [gettext("This event is not possible on this case now."), possible_now(case)]
        )
        stages = list(case.product.stages.order_by("position"))
        stage_field = self.fields["stage"]
        assert isinstance(stage_field, forms.ChoiceField)
        stage_field.choices = [("", _("Choose the step")), *((s.code, s.name) for s in stages)]
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            self.initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("kind", _proposed(self.kinds))
            self.initial.setdefault("reply_days", DEFAULT_REPLY_DAYS)
            codes = [s.code for s in stages]
            if case.stage in codes and codes.index(case.stage) + 1 < len(codes):
                self.initial.setdefault("stage", codes[codes.index(case.stage) + 1])
        self.decorate_widgets()

    @property
    def kind_fields(self) -> dict[str, tuple[str, ...]]:
        """Per kind the case allows now, the fields that belong to it (for the template)."""
        return {kind.value: KIND_FIELDS[kind] for kind in self.kinds if kind in KIND_FIELDS}

    def full_clean(self) -> None:
        super().full_clean()
        self.decorate_widgets(self.errors)

    def clean_at(self) -> dt.datetime:
        at: dt.datetime = self.cleaned_data["at"]
        if at > timezone.now():
            raise forms.ValidationError(_("This date is in the future. Enter when it happened."))
        if at < self.case.received_at:
            raise forms.ValidationError(
                _("This date is before the application was received. Check the date.")
            )
        return at

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind is None:
            return data
        kind = EventKind(kind)
        self._check_fields_of_other_kinds(kind, data)
        if kind == EventKind.TERM_EXTENDED:
            if not data.get("days"):
                self.add_error("days", _("Enter by how many days the decision term is extended."))
            if not data.get("extension_reason", "").strip():
                self.add_error(
                    "extension_reason",
                    _("Write why the term is extended. The applicant reads it in the letter."),
                )
        elif kind == EventKind.DECIDED:
            if not data.get("outcome"):
                self.add_error("outcome", _("Choose the decision: granted or refused."))
            elif data["outcome"] == Outcome.REFUSED and not data.get("reasons", "").strip():
                self.add_error(
                    "reasons",
                    _("Write the reasons for the refusal. The applicant reads them in the letter."),
                )
        elif kind == EventKind.INFORMATION_REQUESTED:
            if not data.get("needed", "").strip():
                self.add_error(
                    "needed", _("Write what the applicant must send. They read it in the letter.")
                )
        elif kind == EventKind.STAGE_ENTERED and not data.get("stage"):
            self.add_error("stage", _("Choose the step the case moves to."))
        if kind in LETTER_TEXT and data.get("note", "").strip():
            self.add_error(
                "note",
                _(
                    "Leave this empty for this event. Write the text for the applicant in "
                    "the field for this event above."
                ),
            )
        return data

    def _check_fields_of_other_kinds(self, kind: EventKind, data: dict[str, Any]) -> None:
        """A field filled in for another kind of event: say so, rather than drop it."""
        messages = {
            "outcome": _("Leave this empty: a decision is only for 'Decision made'."),
            "reasons": _("Leave this empty: reasons are only for 'Decision made'."),
            "needed": _("Leave this empty: this is only for 'Information requested'."),
            "days": _("Leave this empty: days are only for an extension."),
            "extension_reason": _("Leave this empty: this is only for an extension."),
        }
        own = KIND_FIELDS.get(kind, ())
        for name, message in messages.items():
            value = data.get(name)
            if name not in own and value not in (None, ""):
                if isinstance(value, str) and not value.strip():
                    continue
                self.add_error(name, message)

    @property
    def event_days(self) -> int | None:
        """The event's days: an extension's, or a request's days to reply."""
        kind = self.cleaned_data["kind"]
        if kind == EventKind.TERM_EXTENDED:
            days: int | None = self.cleaned_data["days"]
            return days
        if kind == EventKind.INFORMATION_REQUESTED:
            return self.cleaned_data.get("reply_days") or DEFAULT_REPLY_DAYS
        return None

    @property
    def event_note(self) -> str:
        """The event's note: the letter's text for a decision, request or extension, else
        the note for colleagues."""
        field = LETTER_TEXT.get(EventKind(self.cleaned_data["kind"]), "note")
        text: str = self.cleaned_data.get(field) or ""
        return text.strip()

    @property
    def event_stage(self) -> str:
        stage: str = self.cleaned_data.get("stage") or ""
        return stage if self.cleaned_data["kind"] == EventKind.STAGE_ENTERED else ""

    @property
    def event_outcome(self) -> str:
        outcome: str = self.cleaned_data.get("outcome") or ""
        return outcome if self.cleaned_data["kind"] == EventKind.DECIDED else ""


ALL: Final = "*"  # the team filter's value for "every team"


class WorkFilterForm(forms.Form):
    """Which cases the work lists show: a team (default: the handler's own), a product and a
    track. Read from the query string; an unknown value is ignored, not an error."""

    team = forms.ChoiceField(label=_("Team"), required=False)
    product = forms.ChoiceField(label=_("Product"), required=False)
    track = forms.ChoiceField(
        label=_("Track"),
        required=False,
        choices=[("", _("Both tracks")), *Track.choices],
    )

    def __init__(
        self,
        *args: Any,
        teams: Sequence[str],
        own_teams: frozenset[str],
        products: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ChoiceField)
        mine = [("", _("My team") if len(own_teams) == 1 else _("My teams"))] if own_teams else []
        team_field.choices = [
            *mine,
            (ALL, _("All teams")),
            *((team or "-", team or _("No team")) for team in teams),
        ]
        product_field = self.fields["product"]
        assert isinstance(product_field, forms.ChoiceField)
        product_field.choices = [("", _("All products")), *products]
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
