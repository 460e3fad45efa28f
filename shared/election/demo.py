"""The demo election "Elections Professionnelles 2022", as plain data shared by every service.

Every person here is fictional. The portal and the voting space each build their own rows from
this (they have separate databases): who the voters are, which scrutins exist, the lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.election.register import (
    ElectorRecord,
    ListRecord,
    ScrutinRecord,
    electors_csv,
    scrutins_csv,
)

ACADEMIES = {"nice": "Nice", "dijon": "Dijon", "nantes": "Nantes", "paris": "Paris",
             "creteil": "Créteil"}
CORPS = {
    "2D": ("ens. du 2d degré, prof. de l'ensam, cpe, psy.",
           "ens. du 2nd degré, prof. de l'ensam, cpe, psyen"),
    "1D": ("professeurs des écoles", "professeurs des écoles"),
}
UNIONS = [
    "Union nationale des personnels enseignants (UNPE)",
    "Fédération autonome de l'éducation (FAE)",
    "Syndicat des personnels de l'éducation et de la recherche (SPER)",
    "Alliance syndicale des métiers de l'éducation (ASME)",
]
CANDIDATE_NAMES = ["Mme AUBRY Hélène", "M. BESSON Karim", "Mme CHARPENTIER Lina", "M. DELORME Yann",
                   "Mme ÉTIENNE Rose", "M. FAURE Bastien", "Mme GAUTHIER Nadia", "M. HUET Samuel"]
DEMO_PASSWORD = "Electeur-Demo-2022!"  # noqa: S105 - fictional demo voters, printed by make run


@dataclass(frozen=True)
class DemoVoter:
    """A fictional voter, written with its secrets to var/demo-voters.json for scripts and tests."""

    electeur_id: str
    email_pro: str
    civility: str
    family_name: str
    given_names: str
    birth_date: str
    birth_place: str
    birth_country: str
    academie: str
    corps: str
    numen: str
    nir10: str
    activated: bool
    password: str | None
    question: str | None
    answer: str | None


def _voter(n: int, email: str, civ: str, family: str, given: str, born: str, place: str,
           academie: str, corps: str, numen: str, nir10: str, activated: bool,
           question: str | None = None, answer: str | None = None) -> DemoVoter:
    return DemoVoter(f"{100000 + n}", email, civ, family, given, born, place,
                     "99100" if place else "99350", academie, corps, numen, nir10, activated,
                     DEMO_PASSWORD if activated else None, question, answer)


DEMO_VOTERS = [
    # Civil status of FranceConnect's fictional test identity "test" (used by the réassort).
    _voter(1, "angela.dubois@ac-paris.fr", "Mme", "DUBOIS", "Angela Claire Louise", "1962-08-24",
           "75107", "paris", "2D", "62E1234567ABC", "2620875107", True, "voiture", "Citroën"),
    _voter(2, "lucie.moreau@ac-nice.fr", "Mme", "MOREAU", "Lucie", "1984-04-12", "06088", "nice",
           "2D", "84E7654321NIC", "2840406088", True, "football", "OGC Nice"),
    _voter(3, "marc.giraud@ac-creteil.fr", "M.", "GIRAUD", "Marc Antoine", "1979-11-02", "94028",
           "creteil", "1D", "79E1112223CRE", "1791194028", True, "ecole", "Jules Ferry"),
    _voter(4, "hugo.leroy@ac-nantes.fr", "M.", "LEROY", "Hugo", "1990-06-30", "44109", "nantes",
           "2D", "90E2223334NAN", "1900644109", False),
    _voter(5, "ines.fontaine@ac-dijon.fr", "Mme", "FONTAINE", "Inès", "1988-01-19", "21231",
           "dijon", "2D", "88E3334445DIJ", "2880121231", False),
    _voter(6, "sophie.caron@ac-nice.fr", "Mme", "CARON", "Sophie", "1975-09-08", "", "nice", "1D",
           "75E4445556NIC", "2750999350", False),
]




@dataclass(frozen=True)
class ScrutinSpec:
    code: str
    kind: str  # CAPA, CAPN, CSA-MIN, CSA-PROX
    title: str
    academie: str | None
    corps: str | None
    lists: tuple[tuple[int, str, tuple[str, ...]], ...]  # (position, union, candidates)


def _lists() -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    return tuple((i + 1, union, tuple(CANDIDATE_NAMES[i * 2:i * 2 + 2])) for i, union in enumerate(UNIONS))


def scrutin_specs() -> list[ScrutinSpec]:
    """The four scrutins of the seeds per académie: CAPA and CAPN per corps, CSA ministériel and
    CSA de proximité."""
    specs = [ScrutinSpec("CSA-MIN", "CSA-MIN", "CSA ministériel de l'éducation nationale", None, None,
                         _lists())]
    for corps, (_local, national_label) in CORPS.items():
        specs.append(ScrutinSpec(f"CAPN-{corps}", "CAPN", f"CAPN des {national_label}", None, corps,
                                 _lists()))
    for code, name in ACADEMIES.items():
        specs.append(ScrutinSpec(f"CSA-PROX-{code}", "CSA-PROX", f"CSA de proximité de {name}", code,
                                 None, _lists()))
        for corps, (local_label, _national) in CORPS.items():
            specs.append(ScrutinSpec(f"CAPA-{corps}-{code}", "CAPA", f"CAPA des {local_label} de {name}",
                                     code, corps, _lists()))
    return specs


def demo_files() -> tuple[str, str]:
    """The demo election as an electors' file and a scrutins file: the demo seed imports these
    through the operators' path (``register.read_register``), checks included."""
    electors = [ElectorRecord(v.electeur_id, v.email_pro, v.civility, v.family_name, v.given_names,
                              date.fromisoformat(v.birth_date), v.birth_place, v.birth_country, v.academie,
                              v.corps, v.numen, v.nir10) for v in DEMO_VOTERS]
    scrutins = [ScrutinRecord(spec.code, spec.kind, spec.title, spec.academie, spec.corps,
                              tuple(ListRecord(p, union, names) for p, union, names in spec.lists))
                for spec in scrutin_specs()]
    return electors_csv(electors), scrutins_csv(scrutins, ACADEMIES)
