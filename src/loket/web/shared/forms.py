"""Forms every door shares: accessible widgets and the login form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

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
