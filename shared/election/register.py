"""The election as data: the electors' file and the scrutins file, read and checked as a whole.

Both are CSV in UTF-8 (a BOM is accepted), ``;``-separated, with a header line naming the columns
below in any order. Every line is checked, every fault reported with its line number, and either
the whole register is returned or :class:`RegisterRefused` lists what is wrong: each service then
writes it in one transaction (``idp/election/register.py``, ``voting_rp/election/register.py``),
so an import is all or nothing. The demo election goes through the same path (``demo.py``).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from email_validator import EmailNotValidError, validate_email

from shared.election.rules import is_elector

ELECTOR_COLUMNS = ("electeur_id", "email_pro", "civilite", "nom", "prenoms", "date_naissance",
                   "lieu_naissance", "pays_naissance", "academie", "corps", "numen", "nir10")
SCRUTIN_COLUMNS = ("code", "type", "titre", "academie", "academie_nom", "corps", "liste", "syndicat",
                   "candidats")
CANDIDATE_SEPARATOR = "|"
MAX_SHOWN = 20  # faults listed in the refusal; the rest are counted
MAX_LISTS = 99  # a ballot's choice is "liste:1" … "liste:99" (voting_rp/urne/crypto.py)

ELECTEUR_ID = re.compile(r"[0-9]{1,20}")
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,59}")
ACADEMIE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
INSEE_PLACE = re.compile(r"[0-9]{5}|2[AB][0-9]{3}")
INSEE_COUNTRY = re.compile(r"99[0-9]{3}")
NUMEN = re.compile(r"[0-9]{2}[A-Z0-9][0-9A-Z]{10}")
NIR10 = re.compile(r"[12][0-9]{9}")


class RegisterRefused(Exception):
    """The files are refused as a whole; ``faults`` says where and why, in French."""

    def __init__(self, faults: list[str]) -> None:
        shown = faults[:MAX_SHOWN]
        more = len(faults) - len(shown)
        super().__init__("\n".join(shown + ([f"… et {more} autre(s) anomalie(s)."] if more else [])))
        self.faults = faults


@dataclass(frozen=True)
class ElectorRecord:
    electeur_id: str
    email_pro: str  # lower case
    civility: str
    family_name: str
    given_names: str
    birth_date: date
    birth_place: str  # INSEE code, "" when born abroad
    birth_country: str
    academie: str
    corps: str
    numen: str
    nir10: str


@dataclass(frozen=True)
class ListRecord:
    position: int
    union_name: str
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class ScrutinRecord:
    code: str
    kind: str
    title: str
    academie: str | None
    corps: str | None
    lists: tuple[ListRecord, ...]


@dataclass(frozen=True)
class Register:
    academies: dict[str, str]  # code → name
    scrutins: list[ScrutinRecord]  # in the file's order
    electors: list[ElectorRecord]

    def report(self) -> list[str]:
        """What was imported, per scrutin: the same lines in both services, to compare."""
        lines = [f"{len(self.electors)} électeur(s), {len(self.scrutins)} scrutin(s), "
                 f"{sum(len(s.lists) for s in self.scrutins)} liste(s), {len(self.academies)} académie(s)."]
        people = Counter((e.academie, e.corps) for e in self.electors)
        for scrutin in self.scrutins:
            registered = sum(n for (academie, corps), n in people.items()
                             if is_elector(scrutin.academie, scrutin.corps, academie, corps))
            lines.append(f"  {scrutin.code} : {registered} inscrit(s), {len(scrutin.lists)} liste(s) — "
                         f"{scrutin.title}")
        return lines

    def mail_domain(self, academie: str) -> str:
        """The académie's mail domain: the most common one among its electors' addresses."""
        domains = Counter(e.email_pro.rsplit("@", 1)[1] for e in self.electors if e.academie == academie)
        return domains.most_common(1)[0][0] if domains else ""


Line = tuple[int, dict[str, str]]


def _rows(text: str, columns: tuple[str, ...], label: str, faults: list[str]) -> Iterator[Line]:
    """Each data line with its line number; a wrong header is one fault and no line."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";", strict=True)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in columns if c not in header]
    unknown = [c for c, n in Counter(header).items() if c not in columns or n > 1]
    if missing or unknown:
        faults.append(f"{label}, ligne 1 : en-tête attendu {';'.join(columns)} (colonnes manquantes : "
                      f"{', '.join(missing) or 'aucune'} ; inconnues ou en double : "
                      f"{', '.join(unknown) or 'aucune'}).")
        return
    reader.fieldnames = header
    try:
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                faults.append(f"{label}, ligne {reader.line_num} : nombre de colonnes incorrect.")
                continue
            yield reader.line_num, {k: v.strip() for k, v in row.items()}
    except csv.Error as exc:
        faults.append(f"{label}, ligne {reader.line_num} : CSV illisible ({exc}).")


def _text(value: str, limit: int) -> bool:
    return 0 < len(value) <= limit


def _birth_date(value: str) -> date | None:
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


def _elector_faults(row: dict[str, str], academies: dict[str, str], corps: set[str]) -> list[str]:
    checks = [
        (bool(ELECTEUR_ID.fullmatch(row["electeur_id"])), "electeur_id : de 1 à 20 chiffres"),
        (row["civilite"] in ("M.", "Mme"), "civilite : « M. » ou « Mme »"),
        (_text(row["nom"], 100), "nom : de 1 à 100 caractères"),
        (_text(row["prenoms"], 150), "prenoms : de 1 à 150 caractères"),
        (_birth_date(row["date_naissance"]) is not None, "date_naissance : AAAA-MM-JJ ou JJ/MM/AAAA"),
        (row["lieu_naissance"] == "" or bool(INSEE_PLACE.fullmatch(row["lieu_naissance"])),
         "lieu_naissance : code INSEE de commune (vide si né à l'étranger)"),
        (bool(INSEE_COUNTRY.fullmatch(row["pays_naissance"])), "pays_naissance : code INSEE 99xxx"),
        (row["academie"] in academies, "academie : absente du fichier des scrutins"),
        (not corps or row["corps"] in corps, "corps : absent du fichier des scrutins"),
        (bool(NUMEN.fullmatch(row["numen"].upper())), "numen : 13 caractères"),
        (bool(NIR10.fullmatch(row["nir10"])), "nir10 : les 10 premiers chiffres du NIR"),
    ]
    return [message for ok, message in checks if not ok]


def _email(value: str) -> str | None:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def read_electors(text: str, academies: dict[str, str], corps: set[str],
                  faults: list[str]) -> list[ElectorRecord]:
    label = "Fichier des électeurs"
    electors: list[ElectorRecord] = []
    seen_ids: set[str] = set()
    seen_mails: set[str] = set()
    for line, row in _rows(text, ELECTOR_COLUMNS, label, faults):
        problems = _elector_faults(row, academies, corps)
        mail = _email(row["email_pro"])
        if mail is None:
            problems.append("email_pro : adresse invalide")
        if row["electeur_id"] in seen_ids:
            problems.append(f"electeur_id {row['electeur_id']} déjà présent plus haut")
        if mail is not None and mail in seen_mails:
            problems.append("email_pro déjà présent plus haut")
        if problems:
            faults.append(f"{label}, ligne {line} : " + " ; ".join(problems) + ".")
            continue
        assert mail is not None
        seen_ids.add(row["electeur_id"])
        seen_mails.add(mail)
        birth = _birth_date(row["date_naissance"])
        assert birth is not None
        electors.append(ElectorRecord(row["electeur_id"], mail, row["civilite"], row["nom"], row["prenoms"],
                                      birth, row["lieu_naissance"], row["pays_naissance"], row["academie"],
                                      row["corps"], row["numen"].upper(), row["nir10"]))
    if not electors and not faults:
        faults.append(f"{label} : aucun électeur.")
    return electors


def _scrutin_faults(row: dict[str, str]) -> list[str]:
    checks = [
        (bool(CODE.fullmatch(row["code"])), "code : lettres, chiffres et tirets, 60 au plus"),
        (_text(row["type"], 20), "type : de 1 à 20 caractères"),
        (_text(row["titre"], 200), "titre : de 1 à 200 caractères"),
        (row["academie"] == "" or bool(ACADEMIE.fullmatch(row["academie"])),
         "academie : minuscules, chiffres et tirets (vide pour un scrutin national)"),
        (bool(row["academie"]) == bool(row["academie_nom"]) and len(row["academie_nom"]) <= 100,
         "academie_nom : le nom de l'académie, présent si et seulement si academie l'est"),
        (len(row["corps"]) <= 40, "corps : 40 caractères au plus (vide pour tous les corps)"),
        (row["liste"].isdigit() and 1 <= int(row["liste"]) <= MAX_LISTS,
         f"liste : numéro de 1 à {MAX_LISTS}"),
        (_text(row["syndicat"], 200), "syndicat : de 1 à 200 caractères"),
        (all(_text(n.strip(), 100) for n in row["candidats"].split(CANDIDATE_SEPARATOR)),
         f"candidats : au moins un nom, séparés par « {CANDIDATE_SEPARATOR} »"),
    ]
    return [message for ok, message in checks if not ok]


def read_scrutins(text: str, faults: list[str]) -> tuple[list[ScrutinRecord], dict[str, str]]:
    """The scrutins (one line per list) and the académies they name."""
    label = "Fichier des scrutins"
    heads: dict[str, tuple[str, str, str, str]] = {}
    lists: dict[str, dict[int, ListRecord]] = {}
    academies: dict[str, str] = {}
    for line, row in _rows(text, SCRUTIN_COLUMNS, label, faults):
        problems = _scrutin_faults(row)
        head = (row["type"], row["titre"], row["academie"], row["corps"])
        if not problems and heads.setdefault(row["code"], head) != head:
            problems.append(f"type, titre, academie et corps diffèrent des autres lignes de {row['code']}")
        if not problems and academies.setdefault(row["academie"], row["academie_nom"]) != row["academie_nom"]:
            problems.append(f"academie_nom diffère pour l'académie {row['academie']}")
        if not problems and int(row["liste"]) in lists.setdefault(row["code"], {}):
            problems.append(f"liste {row['liste']} déjà présente pour {row['code']}")
        if problems:
            faults.append(f"{label}, ligne {line} : " + " ; ".join(problems) + ".")
            continue
        names = tuple(n.strip() for n in row["candidats"].split(CANDIDATE_SEPARATOR))
        lists[row["code"]][int(row["liste"])] = ListRecord(int(row["liste"]), row["syndicat"], names)
    scrutins = []
    for code, (kind, title, academie, corps) in heads.items():
        positions = sorted(lists.get(code, {}))
        if positions != list(range(1, len(positions) + 1)):
            faults.append(f"{label} : les listes de {code} doivent être numérotées 1, 2, 3… sans trou.")
        scrutins.append(ScrutinRecord(code, kind, title, academie or None, corps or None,
                                      tuple(lists[code][p] for p in positions)))
    if not scrutins and not faults:
        faults.append(f"{label} : aucun scrutin.")
    academies.pop("", None)
    return scrutins, academies


def read_register(electors_text: str, scrutins_text: str) -> Register:
    """Both files checked together (an elector's académie and corps must be the scrutins'): the
    register, or RegisterRefused with every fault found."""
    faults: list[str] = []
    scrutins, academies = read_scrutins(scrutins_text, faults)
    corps = {s.corps for s in scrutins if s.corps}
    electors = read_electors(electors_text, academies, corps, faults)
    if faults:
        raise RegisterRefused(faults)
    return Register(academies, scrutins, electors)


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def electors_csv(electors: list[ElectorRecord]) -> str:
    """The electors' file of these records (the demo's, and a template for operators)."""
    return _csv(ELECTOR_COLUMNS, [
        {"electeur_id": e.electeur_id, "email_pro": e.email_pro, "civilite": e.civility,
         "nom": e.family_name, "prenoms": e.given_names, "date_naissance": e.birth_date.isoformat(),
         "lieu_naissance": e.birth_place, "pays_naissance": e.birth_country, "academie": e.academie,
         "corps": e.corps, "numen": e.numen, "nir10": e.nir10} for e in electors])


def scrutins_csv(scrutins: list[ScrutinRecord], academies: dict[str, str]) -> str:
    """The scrutins file of these records, one line per list."""
    return _csv(SCRUTIN_COLUMNS, [
        {"code": s.code, "type": s.kind, "titre": s.title, "academie": s.academie or "",
         "academie_nom": academies[s.academie] if s.academie else "", "corps": s.corps or "",
         "liste": str(lst.position), "syndicat": lst.union_name,
         "candidats": f" {CANDIDATE_SEPARATOR} ".join(lst.candidates)}
        for s in scrutins for lst in s.lists])
