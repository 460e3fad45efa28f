"""The one bounded store of pending requests (shared/pending.py), tested at its bounds: the
portal's authorization requests, the voting space's state/nonce/verifier and the FranceConnect
mock's interactions all live in it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, session

from shared.pending import PendingRequests

LIFETIME = 600


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> PendingRequests:
    return PendingRequests("attente", size=3, lifetime=LIFETIME, clock=clock)


@pytest.fixture(autouse=True)
def request_context() -> Iterator[None]:
    app = Flask(__name__)
    app.secret_key = "cle-de-test-" + "x" * 32
    with app.test_request_context("/"):
        yield


def keep(store: PendingRequests, clock: Clock, *uids: str) -> None:
    for uid in uids:
        store.put(uid, {"created": clock.now, "nonce": f"n-{uid}"})
        clock.now += 1


def test_at_its_size_the_oldest_is_evicted_for_a_new_one(store: PendingRequests, clock: Clock) -> None:
    keep(store, clock, "a", "b", "c")
    assert [store.get(uid) is not None for uid in "abc"] == [True, True, True]
    keep(store, clock, "d")
    assert store.get("a") is None
    assert sorted(session["attente"]) == ["b", "c", "d"]


def test_keeping_again_one_already_kept_evicts_nothing(store: PendingRequests, clock: Clock) -> None:
    keep(store, clock, "a", "b", "c")
    store.put("b", {"created": clock.now - 10, "nonce": "n-b", "login_done": True})
    assert sorted(session["attente"]) == ["a", "b", "c"]
    assert store.get("b") == {"created": clock.now - 10, "nonce": "n-b", "login_done": True}


def test_an_entry_is_answered_up_to_its_lifetime_and_not_a_second_more(store: PendingRequests,
                                                                        clock: Clock) -> None:
    keep(store, clock, "a")
    clock.now += LIFETIME - 1  # created one second before the clock moved on: exactly at the bound
    assert store.get("a") is not None and not store.expired("a")
    clock.now += 1
    assert store.get("a") is None and store.expired("a")
    assert store.pop("a") is None and "a" not in session["attente"]  # and it is gone


def test_expired_entries_are_dropped_at_the_next_write(store: PendingRequests, clock: Clock) -> None:
    keep(store, clock, "a", "b")
    clock.now += LIFETIME + 1
    keep(store, clock, "c")
    assert list(session["attente"]) == ["c"]
    assert not store.expired("a")  # dropped, no longer known at all


def test_an_answer_is_used_once(store: PendingRequests, clock: Clock) -> None:
    keep(store, clock, "a")
    assert store.pop("a") == {"created": clock.now - 1, "nonce": "n-a"}
    assert store.pop("a") is None


def test_forgetting_an_unknown_request_leaves_the_session_unwritten(store: PendingRequests) -> None:
    store.forget("jamais-garde")
    assert store.pop("jamais-garde") is None
    assert not session.modified


def test_an_update_keeps_the_creation_time(store: PendingRequests, clock: Clock) -> None:
    keep(store, clock, "a")
    entry = store.get("a")
    assert entry is not None
    store.update("a", {**entry, "authenticated": True})
    clock.now += LIFETIME
    assert store.get("a") is None


@pytest.mark.parametrize(("size", "lifetime"), [(0, 60), (5, 0)])
def test_a_store_without_bounds_is_refused(size: int, lifetime: float) -> None:
    with pytest.raises(ValueError, match="taille et une durée positives"):
        PendingRequests("attente", size=size, lifetime=lifetime)
