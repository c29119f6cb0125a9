"""The staff form that records a case event."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.cases.models import Case, EventKind, Outcome
from loket.web.shared.forms import AccessibleFormMixin


class RecordEventForm(AccessibleFormMixin, forms.Form):
    """What a handler fills in to record one fact about a case."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("What happened"), choices=EventKind.choices)
    at = forms.DateTimeField(
        label=_("Date and time"),
        help_text=_("When it happened, not when you type it in."),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    days = forms.IntegerField(
        label=_("Number of days"),
        help_text=_("Only for an extension of the decision term."),
        required=False,
        min_value=1,
        max_value=365,
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        help_text=_("Only when the decision is made."),
        required=False,
        choices=[("", _("No decision")), *Outcome.choices],
    )
    stage = forms.ChoiceField(
        label=_("Step"),
        help_text=_("Only when the case moves to another step."),
        required=False,
    )
    note = forms.CharField(
        label=_("Note for colleagues"),
        help_text=_("The applicant does not see this note."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        stage_field = self.fields["stage"]
        assert isinstance(stage_field, forms.ChoiceField)
        stage_field.choices = [
            ("", _("No change")),
            *((s.code, s.name) for s in case.product.stages.order_by("position")),
        ]
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            self.initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))
        self.decorate_widgets()

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
        if kind == EventKind.TERM_EXTENDED and not data.get("days"):
            self.add_error("days", _("Enter by how many days the decision term is extended."))
        if kind != EventKind.TERM_EXTENDED and data.get("days"):
            self.add_error("days", _("Leave this empty: days are only for an extension."))
        if kind == EventKind.DECIDED and not data.get("outcome"):
            self.add_error("outcome", _("Choose the decision: granted or refused."))
        if kind != EventKind.DECIDED and data.get("outcome"):
            self.add_error(
                "outcome", _("Leave this empty: a decision is only for 'Decision made'.")
            )
        if kind == EventKind.STAGE_ENTERED and not data.get("stage"):
            self.add_error("stage", _("Choose the step the case moves to."))
        return data
