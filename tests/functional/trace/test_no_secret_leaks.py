"""After full journeys on the real stack, no secret used in them is in the trace store or the logs,
and the trace holds no personal value of the voters and no token whole.

The journeys: sign-in at the portal, SSO into the voting space, code de vote; réassort by question
défi (answer + NUMEN by SMS, answer + NIR by personal e-mail), the one-time link, the new code;
réassort through FranceConnect; logout (RP-initiated and back-channel). Every secret they used is
then searched in the trace database files (WAL included) and the services' logs, as typed, as
stored in JSON, URL-encoded and base64url-encoded (a JWT kept whole would show it that way); the
voters' and the FranceConnect identity's names, birth data and e-mails, and any complete JWS, in
the trace database files.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, quote_plus, urlsplit

import pytest

from bench.stack import Stack
from shared.election.demo import DEMO_PASSWORD, DEMO_VOTERS
from shared.trace.events import FLUSH_SECONDS
from tests.support.http_agent import HttpAgent

CAPTCHA = "424242"
VOTERS = {v.electeur_id: v for v in DEMO_VOTERS}
PHONE = "06 12 34 56 78"
PERSONAL_EMAIL = "lucie.personnelle@exemple.org"
FC_EMAIL = "angela.dubois@example.com"  # FranceConnect's test identity: where the link goes
SERVICE_LOGS = ("idp.log", "voting.log", "franceconnect.log")  # devbox is the voter's inbox


def sign_in(agent: HttpAgent, stack: Stack, email: str) -> None:
    agent.get(f"{stack.idp_url}/portail/connexion")
    agent.submit({"identifiant": email, "captcha": CAPTCHA}, action="/portail/connexion")
    agent.submit({"mot_de_passe": DEMO_PASSWORD}, action="/portail/mot-de-passe")
    assert "Bienvenue" in agent.text(), agent.url


def link_of(stack: Stack, to: str) -> str:
    links = stack.messages(to)[0]["links"]
    assert isinstance(links, list), links
    [link] = [u for u in links if "code-vote?token=" in str(u)]
    return str(link)


def regenerate(agent: HttpAgent, link: str) -> str:
    agent.get(link)
    agent.submit({}, action="/reassort/code-vote")
    shown = re.search(r'id="code-de-vote"[^>]*><code>([^<]+)</code>', agent.text())
    assert shown, agent.text()[-1500:]
    return re.sub(r"\s", "", shown.group(1))


def challenge_reassort(stack: Stack, electeur_id: str, channel: dict[str, str], identity: str,
                       to: str) -> tuple[HttpAgent, list[str]]:
    voter = VOTERS[electeur_id]
    agent = HttpAgent()
    sign_in(agent, stack, voter.email_pro)
    agent.get(f"{stack.voting_url}/code-de-vote")  # SSO from the portal
    old_code = json.loads((stack.data_dir / "demo-codes.json").read_text())[electeur_id]
    agent.submit({"code": old_code, "captcha": CAPTCHA}, action="/code-de-vote")
    assert "Vos scrutins" in agent.text(), agent.url
    agent.get(f"{stack.voting_url}/reassort/question-defi")  # the portal's réassort screen
    assert voter.answer
    agent.submit({"reponse": voter.answer, "identifiant_agent": identity, **channel, "valider": "ENVOYER"})
    assert "Un lien vous a été envoyé" in agent.text(), agent.text()[-1500:]
    link = link_of(stack, to)
    new_code = regenerate(agent, link)
    return agent, [old_code, new_code, parse_qs(urlsplit(link).query)["token"][0], voter.answer, identity]


def franceconnect_reassort(stack: Stack) -> tuple[HttpAgent, list[str]]:
    agent = HttpAgent()
    sign_in(agent, stack, VOTERS["100001"].email_pro)
    agent.get(f"{stack.voting_url}/code-de-vote")
    agent.get(f"{stack.voting_url}/reassort")
    agent.submit({}, action="/reassort/franceconnect")
    agent.submit({"fournisseur": "fip1-low"})
    agent.submit({"identifiant": "test", "mot_de_passe": "123"})
    if "accepte" in agent.text():
        agent.submit({"accepte": "y"})
    assert "Un lien vous a été envoyé" in agent.text(), agent.text()[-1500:]
    token = parse_qs(urlsplit(link_of(stack, FC_EMAIL)).query)["token"][0]
    return agent, [token]


def logout(agent: HttpAgent, stack: Stack) -> None:
    agent.get(f"{stack.voting_url}/reassort")
    agent.submit({}, action="/deconnexion")
    assert "déconnecté" in agent.text(), agent.text()[-1500:]


def forms_of(secret: str) -> set[bytes]:
    """How ``secret`` could be written: as typed, JSON-escaped, URL-encoded, base64url."""
    raw = secret.encode()
    found = {raw, json.dumps(secret)[1:-1].encode(), quote(secret).encode(), quote_plus(secret).encode()}
    if len(raw) >= 9:
        for shift in range(3):
            encoded = base64.urlsafe_b64encode(b"\0" * shift + raw).rstrip(b"=")
            found.add(encoded[(4 * shift + 2) // 3 + 1: -2])
    return {f for f in found if len(f) >= 6}


@dataclass(frozen=True)
class Traced:
    """What the journeys used, once they have run."""

    secrets: dict[str, str]
    stores: dict[str, bytes]  # trace.db and its WAL, by file name


@pytest.fixture(scope="module")
def traced(live_stack: Stack) -> Traced:
    stack = live_stack
    marc, marc_secrets = challenge_reassort(stack, "100003", {"canal": "sms", "telephone": PHONE},
                                            VOTERS["100003"].numen, "+33612345678")
    logout(marc, stack)
    lucie, lucie_secrets = challenge_reassort(stack, "100002", {"canal": "email", "courriel": PERSONAL_EMAIL},
                                              VOTERS["100002"].nir10, PERSONAL_EMAIL)
    angela, angela_secrets = franceconnect_reassort(stack)
    logout(angela, stack)
    codes = [parse_qs(urlsplit(u).query)["code"][0] for a in (marc, lucie, angela) for u in a.redirects
             if "code=" in u and "/callback" in u]
    assert len(codes) >= 4  # SSO and step-up for two voters, FranceConnect for the third
    secrets = {
        "mot de passe Élections": DEMO_PASSWORD,
        "secret client (portail)": stack.environ["VOTING_OIDC_CLIENT_SECRET"],
        "secret client (FranceConnect)": stack.environ["VOTING_FC_CLIENT_SECRET"],
        "téléphone personnel": PHONE, "téléphone (E.164)": "+33612345678",
        "téléphone (compact)": "0612345678",
        "courriel personnel": PERSONAL_EMAIL, "courriel transmis par FranceConnect": FC_EMAIL,
        **{f"secret de Marc n° {n}": s for n, s in enumerate(marc_secrets)},
        **{f"secret de Lucie n° {n}": s for n, s in enumerate(lucie_secrets)},
        **{f"jeton du lien FranceConnect n° {n}": s for n, s in enumerate(angela_secrets)},
        **{f"code d'autorisation n° {n}": c for n, c in enumerate(codes)},
    }
    time.sleep(3 * FLUSH_SECONDS)  # each service's trace writer has written what it held
    stores = {p.name: p.read_bytes() for p in sorted(stack.data_dir.glob("trace.db*"))}
    assert stores, "la trace n'a rien enregistré"
    with closing(sqlite3.connect(stack.data_dir / "trace.db")) as trace:
        services = {row[0] for row in trace.execute("SELECT DISTINCT service FROM trace_events")}
    assert services >= {"idp", "voting_rp", "franceconnect_mock"}  # the journeys were traced, by all three
    return Traced(secrets, stores)


def test_no_secret_of_full_journeys_reaches_the_trace_or_the_logs(live_stack: Stack, traced: Traced) -> None:
    logs = (live_stack.data_dir / name for name in SERVICE_LOGS)
    contents = {**traced.stores, **{p.name: p.read_bytes() for p in logs if p.exists()}}
    leaks = [f"{what} dans {name}" for what, secret in traced.secrets.items() for form in forms_of(secret)
             for name, content in contents.items() if form in content]
    assert not leaks, leaks


FC_IDENTITY = {"prénoms": "Angela Claire Louise", "nom": "DUBOIS", "date de naissance": "1962-08-24",
               "lieu de naissance": "75107", "courriel": FC_EMAIL}  # FranceConnect's test identity
COMPLETE_JWS = re.compile(rb"ey[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}")


def personal_values() -> dict[str, str]:
    """Each voter's of the journeys (Angela through FranceConnect), then FranceConnect's identity."""
    found: dict[str, str] = {}
    for electeur_id in ("100001", "100002", "100003"):
        voter = VOTERS[electeur_id]
        found |= {f"{electeur_id} nom": voter.family_name, f"{electeur_id} prénoms": voter.given_names,
                  f"{electeur_id} premier prénom": voter.given_names.split()[0],
                  f"{electeur_id} date de naissance": voter.birth_date,
                  f"{electeur_id} lieu de naissance": voter.birth_place,
                  f"{electeur_id} courriel professionnel": voter.email_pro}
    return found | {f"FranceConnect {what}": value for what, value in FC_IDENTITY.items()}


def test_the_trace_keeps_no_personal_value_and_no_token_whole(traced: Traced) -> None:
    values = personal_values()
    assert "Marc" in values.values() and "1962-08-24" in values.values()
    leaks = [f"{what} ({value}) dans {name}" for what, value in values.items() if value
             for form in {value, json.dumps(value)[1:-1], quote(value)}
             for name, content in traced.stores.items()
             if re.search(rb"(?<![A-Za-z0-9_-])" + re.escape(form.encode()) + rb"(?![A-Za-z0-9_-])", content)]
    assert not leaks, leaks
    tokens = [f"{name} : {m.group()[:60].decode()}…" for name, content in traced.stores.items()
              for m in COMPLETE_JWS.finditer(content)]
    assert not tokens, tokens
