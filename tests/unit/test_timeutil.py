"""Times are stored in UTC and shown in Paris time, in French words."""

from __future__ import annotations

from datetime import datetime, timedelta

from shared.timeutil import countdown, paris_long, paris_short, window_words


def test_the_voting_window_is_written_in_french_paris_time_in_winter():
    assert paris_long(datetime(2022, 12, 1, 7, 0)) == "jeudi 01 décembre 2022 à 08h00"


def test_summer_time_is_two_hours_ahead_of_utc():
    assert paris_long(datetime(2022, 8, 15, 22, 5)) == "mardi 16 août 2022 à 00h05"


def test_last_connection_is_short_paris_time():
    assert paris_short(datetime(2022, 11, 30, 19, 24)) == "30/11/2022 à 20h24"


def test_the_window_sentence_names_both_ends_and_the_time_zone():
    assert window_words(datetime(2022, 12, 1, 7, 0), datetime(2022, 12, 8, 16, 0)) == (
        "Ouvert du jeudi 01 décembre 2022 à 08h00 au jeudi 08 décembre 2022 à 17h00 "
        "(Heure de Paris)")


def test_countdown_in_days_hours_and_minutes():
    now = datetime(2022, 12, 1, 7, 0)
    assert countdown(now + timedelta(days=6, hours=23, minutes=59, seconds=59), now) == (6, 23, 59)
    assert countdown(now + timedelta(hours=25, seconds=30), now) == (1, 1, 0)
    assert countdown(now + timedelta(seconds=59), now) == (0, 0, 0)


def test_countdown_stays_at_zero_once_the_moment_has_passed():
    now = datetime(2022, 12, 8, 17, 0)
    assert countdown(now - timedelta(minutes=1), now) == (0, 0, 0)
