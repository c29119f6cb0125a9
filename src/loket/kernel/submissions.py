"""One-time form tokens: a form that is sent twice (a double click, a browser retry) writes once."""

from __future__ import annotations

import uuid

from loket.kernel.models import FormSubmission


def form_submission_consume(*, token: uuid.UUID, user_id: int | None) -> FormSubmission:
    """Use ``token`` up. Raises ``IntegrityError`` if it was used before; call it inside the
    transaction of the write it protects, so a write that fails leaves the token unused."""
    return FormSubmission.objects.create(token=token, user_id=user_id)
