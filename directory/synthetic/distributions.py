"""How often each value comes up: legal forms, scopes, principles, numbers of kinds and places,
départements."""

from directory.models import LegalForm, Principle, Scope
from directory.synthetic.weighted import Weighted

LEGAL_FORMS: tuple[tuple[str, float], ...] = (
    (LegalForm.ASSOCIATION, 55), (LegalForm.COLLECTIF, 9), (LegalForm.ENTREPRISE_ESS, 7),
    (LegalForm.SCOP, 5), (LegalForm.SCIC, 5), (LegalForm.COOPERATIVE, 5),
    (LegalForm.FONDATION, 2), (LegalForm.MUTUELLE, 2), (LegalForm.COLLECTIVITE, 3),
    (LegalForm.ENTREPRISE, 3), ("", 4),
)  # fmt: skip
SCOPES: tuple[tuple[str, float], ...] = (
    (Scope.QUARTIER, 28), (Scope.COMMUNE, 34), (Scope.DEPARTEMENT, 14), (Scope.REGION, 9),
    (Scope.NATIONAL, 4), (Scope.EN_LIGNE, 3), ("", 8),
)  # fmt: skip
# Plain strings, not enum members: they are dictionary keys and COPY values.
PRINCIPLE_WEIGHTS = {
    Principle.COLLECTIVE.value: 30,
    Principle.FLAT.value: 15,
    Principle.SHARED_DECISIONS.value: 20,
    Principle.BENEFICIARIES.value: 18,
    Principle.FINANCIAL_BALANCE.value: 12,
    Principle.SHARING.value: 10,
    Principle.MAKING_AVAILABLE.value: 14,
}
PRINCIPLE_ORDER = {value: position for position, value in enumerate(Principle.values)}
PRINCIPLE_COUNTS = Weighted([(0, 18), (1, 24), (2, 26), (3, 20), (4, 12)])
KIND_COUNTS = Weighted([(1, 62), (2, 28), (3, 10)])
LOCATION_COUNTS = Weighted([(1, 40), (2, 35), (3, 25)])
# Paris and the petite couronne are heavier; a département not listed here weighs 4.
DEPARTEMENT_WEIGHTS = {
    "75": 26, "92": 14, "93": 15, "94": 11, "77": 9, "78": 9, "91": 8, "95": 8,
}  # fmt: skip
