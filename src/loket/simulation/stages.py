"""The one place where the simulator's process steps meet the catalogue's stage codes.

The model works with *roles* (intake, assessment, decision, ...); each product maps a role
to the stage code its catalogue uses. ``resolve_stage_codes`` checks the mapping against the
stages in the database and, where a deployment renamed or reordered stages, maps each role
to the stage at the same relative position, so simulated events always carry real codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Role -> catalogue stage code, per product, in process order, as seeded by
# ``loket.catalogue.seed``. An empty code means the role adds no stage event: the case stays
# in the stage it was received in (the catalogue's first stage, e.g. "received").
_RESIDENCE: dict[str, str] = {
    "intake": "intake",
    "assessment": "assessment",
    "decision": "decision",
    "document": "document",
    "issued": "issued",
}
STAGE_CODES: dict[str, dict[str, str]] = {
    "knowledge-migrant": dict(_RESIDENCE),
    "study": dict(_RESIDENCE),
    "family": dict(_RESIDENCE),
    "asylum": {
        "intake": "",  # "registration": where an asylum case starts
        "rest": "rest-preparation",
        "first-interview": "first-interview",
        "detailed-interview": "detailed-interview",
        "intention": "intended-decision",
        "decision": "decision",
        "document": "document",
    },
    "naturalisation": {
        "intake": "",  # "municipality": the request is made at the town hall
        "assessment": "assessment",
        "decision": "decision",
        "ceremony": "ceremony",
    },
    "ukraine-sticker": {
        "appointment": "appointment",
        "endorsement": "endorsement",
    },
}


@dataclass(frozen=True, slots=True)
class CatalogueTerm:
    """A product's legal term as the catalogue states it."""

    months: int
    days: int
    max_extension_days: int


# Used when the model runs without a database (CSV output, unit tests); the database wins
# when it has the product (see ``loket.simulation.services.config_from_catalogue``).
DEFAULT_TERMS: dict[str, CatalogueTerm] = {
    "knowledge-migrant": CatalogueTerm(months=0, days=90, max_extension_days=90),
    "study": CatalogueTerm(months=0, days=60, max_extension_days=90),
    "family": CatalogueTerm(months=0, days=90, max_extension_days=90),
    "asylum": CatalogueTerm(months=6, days=0, max_extension_days=366),
    "naturalisation": CatalogueTerm(months=12, days=0, max_extension_days=184),
    "ukraine-sticker": CatalogueTerm(months=0, days=56, max_extension_days=0),
}


def resolve_stage_codes(
    mapping: Mapping[str, str], catalogue_codes: Sequence[str]
) -> dict[str, str]:
    """Map each role to a stage code that exists in ``catalogue_codes`` (in position order).

    Roles whose code exists keep it; the others take the catalogue stage at the same
    relative position in the process, so the order of stages is never reversed.
    """
    if not catalogue_codes:
        return dict(mapping)
    known = set(catalogue_codes)
    roles = list(mapping)
    resolved: dict[str, str] = {}
    last_index = 0
    for position, role in enumerate(roles):
        code = mapping[role]
        if not code:
            resolved[role] = ""
            continue
        if code in known:
            index = catalogue_codes.index(code)
        else:
            share = position / max(1, len(roles) - 1)
            index = round(share * (len(catalogue_codes) - 1))
        index = max(index, last_index)  # keep the process order monotone
        resolved[role] = catalogue_codes[index]
        last_index = index
    return resolved
