"""Sliding-window attempt limits, counted per key (account, address), that let through again."""

from __future__ import annotations

import time

import pytest

from shared.ratelimit import RateLimiter, Refusal


@pytest.fixture
def limiter() -> RateLimiter:
    return RateLimiter("memory://", {"essai": "2/second", "long": "2/hour"})


def test_the_window_refuses_then_lets_through_once_it_has_slid(limiter):
    assert limiter.hit("essai", "voter:1") is None
    assert limiter.hit("essai", "voter:1") is None
    refusal = limiter.hit("essai", "voter:1")
    assert isinstance(refusal, Refusal) and refusal.retry_after >= 1
    time.sleep(1.05)
    assert limiter.hit("essai", "voter:1") is None


def test_keys_are_counted_apart(limiter):
    limiter.hit("long", "voter:1")
    limiter.hit("long", "voter:1")
    assert limiter.hit("long", "voter:1") is not None
    assert limiter.hit("long", "voter:2") is None


def test_one_key_over_its_limit_refuses_the_attempt(limiter):
    limiter.hit("long", "addr:10.0.0.1", "id:a@ac-nice.fr")
    limiter.hit("long", "addr:10.0.0.1", "id:b@ac-nice.fr")
    assert limiter.hit("long", "addr:10.0.0.1", "id:c@ac-nice.fr") is not None


def test_check_refuses_without_counting(limiter):
    assert limiter.check("long", "voter:1") is None
    assert limiter.check("long", "voter:1") is None
    limiter.hit("long", "voter:1")
    assert limiter.check("long", "voter:1") is None
    limiter.hit("long", "voter:1")
    refusal = limiter.check("long", "voter:1")
    assert refusal is not None and 3500 <= refusal.retry_after <= 3600


def test_reset_forgets_every_attempt(limiter):
    limiter.hit("long", "voter:1")
    limiter.hit("long", "voter:1")
    limiter.reset()
    assert limiter.hit("long", "voter:1") is None


@pytest.mark.parametrize(("seconds", "words"), [(1, "1 minute "), (60, "1 minute "),
                                                (61, "2 minutes"), (900, "15 minutes")])
def test_the_refusal_says_in_french_how_long_to_wait(seconds, words):
    message = Refusal(retry_after=seconds).message
    assert message.startswith("Trop de tentatives.")
    assert f"merci de patienter {words}" in message
