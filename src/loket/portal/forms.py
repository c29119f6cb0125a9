"""Forms of the portal: login and the staff form that records a case event."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.cases.models import Case, EventKind, Outcome

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
}


class AccessibleFormMixin:
    """Gives each widget its NL Design System class and ties it to its help and error text.

    ``aria-describedby`` names the help text and the error message (ids made in
    ``includes/field.html``) and ``aria-invalid`` marks a field with an error, so a screen
    reader reads the error when the field gets focus.
    """

    fields: dict[str, forms.Field]

    def decorate_widgets(self, errors: dict[str, Any] | None = None) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = _WIDGET_CLASSES.get(type(widget), "utrecht-textbox utrecht-textbox--html-input")
            widget.attrs["class"] = css
            auto_id = f"id_{name}"
            described = []
            if field.help_text:
                described.append(f"{auto_id}-help")
            if errors and name in errors:
                described.append(f"{auto_id}-error")
                widget.attrs["aria-invalid"] = "true"
            else:
                widget.attrs.pop("aria-invalid", None)
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Your username or password is not right. Check them and try again. "
            "Capital letters matter."
        ),
        "inactive": _("This account is blocked. Please contact us."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.decorate_widgets()

    def full_clean(self) -> None:
        super().full_clean()
        self.decorate_widgets(self.errors)


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
