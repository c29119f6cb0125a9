"""The case vocabulary: statuses, event kinds, outcomes, tracks and sources.

Kept apart from the models so the pure domain code (transition table, term clock) can use
the same ``TextChoices`` without the Django app registry.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_FOR_CLIENT = "waiting_for_client", _("Waiting for you")
    DECIDED = "decided", _("Decided")
    DOCUMENT_READY = "document_ready", _("Document ready")
    ISSUED = "issued", _("Document issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, CaseStatus.WAITING_FOR_CLIENT)


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Application received")
    STAGE_ENTERED = "stage_entered", _("Next step started")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    INFORMATION_RECEIVED = "information_received", _("Information received")
    TERM_EXTENDED = "term_extended", _("Decision term extended")
    DECIDED = "decided", _("Decision made")
    DOCUMENT_READY = "document_ready", _("Document ready")
    ISSUED = "issued", _("Document issued")
    WITHDRAWN = "withdrawn", _("Application withdrawn")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Track(models.TextChoices):
    STANDARD = "standard", _("Standard")
    EXPERT = "expert", _("Expert")


class EventSource(models.TextChoices):
    STAFF = "staff", _("Staff")
    IMPORT = "import", _("Import")
    SIMULATION = "simulation", _("Simulation")
    API = "api", _("API")
    # The applicant in the portal (answering a request for information).
    CLIENT = "client", _("Applicant")


# Plain sets for hot paths: ``TextChoices.values`` rebuilds its list on every call.
EVENT_KINDS: frozenset[str] = frozenset(EventKind.values)
OUTCOMES: frozenset[str] = frozenset(Outcome.values)


class LetterKind(models.TextChoices):
    """The letters Loket writes itself, one per event that calls for one (``loket.letters``)."""

    RECEIPT_CONFIRMATION = "receipt_confirmation", _("Confirmation of receipt")
    INFORMATION_REQUEST = "information_request", _("Request for information")
    EXTENSION = "extension", _("Decision term extended")
    DECISION_GRANT = "decision_grant", _("Decision: granted")
    DECISION_REFUSAL = "decision_refusal", _("Decision: refused")
    CARD_READY = "card_ready", _("Document ready to collect")
