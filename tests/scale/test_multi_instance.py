"""Two instances of every service over one PostgreSQL and one Redis, each request of a journey sent to
another instance; then PostgreSQL and Redis restarted under load, and an instance killed mid-journey.

PostgreSQL and Redis come from Debian's packages (``make test`` installs them) and are started here
on loopback (bench/servers.py). Without them the test fails — it never skips.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.scaled import ScaledStack, start_scaled_stack
from bench.servers import Servers, running_servers
from bench.stack import ROOT
from shared.election.demo import DEMO_PASSWORD
from shared.election.generated import fictional
from tests.scale.journeys import Interrupted, Voter, link_in_mail

ELECTORS = 30
LOAD_VOTERS = range(10, 22)  # generated electors who vote under load, each from its own address
GRACE_SECONDS = 8  # a vote cut by an outage is undone after this (the default 120 s, made short)


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    with running_servers() as running:
        yield running


@pytest.fixture(scope="module")
def scaled(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaledStack]:
    stack = start_scaled_stack(tmp_path_factory.mktemp("scaled"), servers, instances=2, electors=ELECTORS,
                               VOTING_PENDING_GRACE_SECONDS=str(GRACE_SECONDS))
    yield stack
    stack.stop()


def instances_seen(stack: ScaledStack, service: str, address: str) -> list[int]:
    """Which instance served each connection this address opened to ``service``, in order."""
    assert stack.fronts is not None
    return [index for client, index in stack.fronts.fronts[service].served if client == address]


def alternates(indexes: list[int]) -> bool:
    return all(a != b for a, b in zip(indexes, indexes[1:], strict=False))


def test_a_vote_with_each_request_on_another_instance(scaled: ScaledStack) -> None:
    voter = Voter.generated(scaled, 0, "127.0.0.2")
    voter.sign_in()
    voter.enter_voting_space()
    scrutins = voter.to_vote()
    assert len(scrutins) == 4
    fingerprint = voter.vote(scrutins[0], "liste:2")
    assert len(fingerprint) == 64
    assert voter.to_vote() == scrutins[1:]
    for service in ("idp", "voting"):
        served = instances_seen(scaled, service, "127.0.0.2")
        assert len(served) >= 4 and set(served) == {0, 1} and alternates(served), (service, served)
    for instance in scaled.instances["voting"] + scaled.instances["idp"]:
        assert instance.process is not None and instance.process.poll() is None


def test_reassort_by_question_defi_across_instances(scaled: ScaledStack) -> None:
    voter = Voter.generated(scaled, 1, "127.0.0.3")
    voter.sign_in()
    voter.enter_voting_space()
    voter.reassort_by_challenge("electeur.un@exemple.org")
    new_code = voter.regenerate(link_in_mail(scaled, "electeur.un@exemple.org"))
    assert len(new_code) == 16
    voter.start_over()  # a new browser: the new code opens the voting space, on any instance
    voter.sign_in()
    voter.enter_voting_space()
    served = instances_seen(scaled, "idp", "127.0.0.3")
    assert set(served) == {0, 1} and alternates(served)


def test_reassort_through_franceconnect_across_instances(scaled: ScaledStack) -> None:
    """The FranceConnect mock too keeps nothing per process: its sessions, codes and tokens are in
    Redis, so its account chooser, sign-in, consent and token endpoints may each be another instance."""
    voter = Voter(scaled, "angela.dubois@ac-paris.fr", "127.0.0.5", password=DEMO_PASSWORD)
    voter.sign_in()
    voter.reassort_by_franceconnect()
    assert link_in_mail(scaled, "angela.dubois@example.com")  # FranceConnect's e-mail for "test"
    served = instances_seen(scaled, "franceconnect", "127.0.0.5")
    assert len(served) >= 3 and set(served) == {0, 1} and alternates(served), served


def test_an_instance_killed_mid_journey_and_the_voter_goes_on(scaled: ScaledStack) -> None:
    voter = Voter.generated(scaled, 2, "127.0.0.4")
    voter.sign_in()
    killed = [scaled.instances["idp"][0], scaled.instances["voting"][1]]
    before = {service: len(instances_seen(scaled, service, "127.0.0.4")) for service in ("idp", "voting")}
    for instance in killed:
        instance.kill()  # SIGKILL to the gunicorn master and its workers
    try:
        voter.enter_voting_space()  # SSO and code de vote on the survivors, same sessions (Redis)
        voter.vote(voter.to_vote()[0])
        for service, survivor in (("idp", 1), ("voting", 0)):
            after = instances_seen(scaled, service, "127.0.0.4")[before[service]:]
            assert after and set(after) == {survivor}, (service, after)
    finally:
        for instance in killed:
            instance.start()


def run_load(scaled: ScaledStack, outages: list[tuple[float, Callable[[], object]]],
             ) -> tuple[dict[int, Voter], dict[str, list[str]]]:
    """Every load voter votes everywhere from its own address while ``outages`` happen (after a share
    of the expected ballots: the restarts fall in the middle of the votes); the voters and their
    receipts."""
    voters = {n: Voter.generated(scaled, n, f"127.0.1.{n}") for n in LOAD_VOTERS}
    receipts: dict[str, list[str]] = {}
    failures: list[BaseException] = []
    deadline = time.monotonic() + 120

    def vote(n: int) -> None:
        try:
            receipts[voters[n].email] = voters[n].vote_everywhere(deadline)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    threads = [threading.Thread(target=vote, args=(n,)) for n in LOAD_VOTERS]
    for thread in threads:
        thread.start()
    expected = 4 * len(voters)
    for share, outage in outages:
        while sum(len([s for s in v.seen if "/accuse" in s.url]) for v in voters.values()) < share * expected:
            if time.monotonic() > deadline or not any(t.is_alive() for t in threads):
                break
            time.sleep(0.05)
        outage()
    for thread in threads:
        thread.join()
    assert not failures, failures
    return voters, receipts


def test_restarts_of_postgresql_and_redis_under_load(scaled: ScaledStack, servers: Servers) -> None:
    pids = {i.process.pid for group in scaled.instances.values() for i in group if i.process}
    voters, receipts = run_load(scaled, [(0.25, lambda: servers.postgres.restart(down_seconds=1.5)),
                                 (0.6, lambda: servers.redis.restart(down_seconds=1.0))])
    seen = [s for v in voters.values() for s in v.seen]
    failed = [s for s in seen if s.status >= 500]
    assert failed, "aucune requête n'a rencontré les redémarrages : la charge n'a pas chevauché la panne"
    for page in failed:  # clean French failures only: 503 with the portal's wording, never a trace
        assert page.status == 503, (page.status, page.url, page.body[:300])
        assert "momentanément" in page.body, page.body[:500]
    assert not [s for s in seen if "Traceback" in s.body]
    assert "Erreur technique" not in "".join(s.body for s in seen)
    # The services were not restarted: the same processes recovered by themselves.
    assert pids == {i.process.pid for group in scaled.instances.values() for i in group if i.process}
    assert all(i.process.poll() is None for group in scaled.instances.values() for i in group if i.process)
    # A vote cut by an outage between its two databases shows "en cours d'enregistrement"; once the
    # grace period is over, recovery undoes it and the voter votes again (nothing half-recorded).
    recover(scaled)
    for voter in voters.values():
        receipts[voter.email] += voter.vote_everywhere(time.monotonic() + 60)
    check_urne_against_emargement(scaled, servers, [f for r in receipts.values() for f in r])


def recover(scaled: ScaledStack) -> None:
    """The operators' recovery (``urne-reprise``), once the votes in flight are older than the grace."""
    time.sleep(GRACE_SECONDS + 1)
    done = subprocess.run([sys.executable, "-m", "voting_rp", "urne-reprise"], cwd=ROOT, env=scaled.environ,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def per_code(rows: list[tuple[object, ...]]) -> dict[object, int]:
    """``code, count(*)`` rows as a mapping from code to count."""
    counted: dict[object, int] = {}
    for code, n in rows:
        assert isinstance(n, int), n
        counted[code] = n
    return counted


def check_urne_against_emargement(scaled: ScaledStack, servers: Servers, fingerprints: list[str]) -> None:
    """After recovery: per scrutin as many ballots as signatures, no ballot in flight, and every receipt
    a voter was given is in the urne exactly once."""
    recover(scaled)
    pg = servers.postgres
    signed = per_code(pg.rows("vote", "SELECT s.code, count(*) FROM emargements e JOIN voting_scrutins s "
                                      "ON s.id = e.scrutin_id WHERE e.state = 'vote' GROUP BY s.code"))
    ballots = per_code(pg.rows("urne", "SELECT scrutin_code, count(*) FROM urne_ballots "
                                       "GROUP BY scrutin_code"))
    assert signed == ballots and sum(ballots.values()) >= len(fingerprints)
    assert pg.count("urne", "SELECT count(*) FROM urne_ballots WHERE pending IS NOT NULL") == 0
    assert pg.count("vote", "SELECT count(*) FROM ballot_intents") == 0
    assert pg.count("vote", "SELECT count(*) FROM emargements WHERE state <> 'vote'") == 0
    in_urne = {row[0] for row in pg.rows("urne", "SELECT fingerprint FROM urne_ballots")}
    assert set(fingerprints) <= in_urne and len(set(fingerprints)) == len(fingerprints)
    load = [fictional(n).electeur_id for n in LOAD_VOTERS]
    per_voter = pg.rows("vote", "SELECT el.electeur_id, count(*) FROM emargements e JOIN electors el "
                                "ON el.id = e.elector_id WHERE el.electeur_id = ANY(%s) "
                                "GROUP BY el.electeur_id", (load,))
    assert sorted(per_voter) == sorted((electeur_id, 4) for electeur_id in load)  # everyone voted everywhere


def test_no_ballot_in_the_urne_without_its_emargement_after_everything(scaled: ScaledStack,
                                                                      servers: Servers) -> None:
    """The whole module's votes (journeys, killed instance, load) add up after a last recovery."""
    check_urne_against_emargement(scaled, servers, [])
    with pytest.raises(Interrupted):  # a voter who voted everywhere has nothing left to vote
        voter = Voter.generated(scaled, 10, "127.0.1.10")
        voter.sign_in()
        voter.enter_voting_space()
        voter.vote("CSA-MIN")


def test_the_data_folder_holds_no_database(scaled: ScaledStack) -> None:
    """Everything went to PostgreSQL and Redis: no SQLite file of a service appeared."""
    assert not [p.name for p in Path(scaled.data_dir).glob("*.db") if not p.name.startswith("devbox")]
