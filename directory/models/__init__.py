"""The directory's domain model, one module per concern, each model beside its QuerySet.

- ``choices``: the choices, ranges and collation the models share;
- ``reference``: sources, categories (domains and kinds) and the vocabulary's terms;
- ``territories``: départements and communes, and how a typed commune is recognised;
- ``places``: the places where initiatives are active;
- ``initiative`` and ``initiative_queryset``: the entries and all their query logic;
- ``entries``: what a page shows of an entry from rows already loaded (categories, main place);
- ``contributions``: what the public sends (proposals, error reports);
- ``provenance``: where each public fact comes from, and the imports of other formats;
- ``relations``: typed relations between entries (member of, incubated by, accepts, partner);
- ``data_version``: the version of the public data that caches are keyed by.
"""

from .choices import (
    FRENCH,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    YEAR_FOUNDED_RANGE,
    CommuneKind,
    LegalForm,
    Principle,
    Scope,
    Status,
)
from .contributions import (
    OPEN_STATES,
    ErrorReport,
    Proposal,
    ProposalState,
    SubmissionKey,
    SubmittedForm,
)
from .data_version import DataVersion
from .initiative import Initiative, InitiativeToVerify
from .places import Location
from .provenance import (
    ExternalIdentifier,
    FieldProvenance,
    ImportBatch,
    ImportFormat,
    Origin,
    ProvenanceField,
)
from .reference import Category, Source, Term
from .relations import Relation, RelationKind
from .territories import Commune, Departement

__all__ = [
    "FRENCH",
    "LATITUDE_RANGE",
    "LONGITUDE_RANGE",
    "OPEN_STATES",
    "YEAR_FOUNDED_RANGE",
    "Category",
    "Commune",
    "CommuneKind",
    "DataVersion",
    "Departement",
    "ErrorReport",
    "ExternalIdentifier",
    "FieldProvenance",
    "ImportBatch",
    "ImportFormat",
    "Initiative",
    "InitiativeToVerify",
    "LegalForm",
    "Origin",
    "Location",
    "Principle",
    "Proposal",
    "Relation",
    "RelationKind",
    "ProposalState",
    "ProvenanceField",
    "SubmissionKey",
    "SubmittedForm",
    "Scope",
    "Source",
    "Status",
    "Term",
]
