"""The one error family of the case domain, so callers can catch every broken rule at once."""

from __future__ import annotations


class CaseRuleError(ValueError):
    """An event breaks a rule of the case workflow or the term clock."""
