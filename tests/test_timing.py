import datetime as dt

import pytest

from jamsessions.timing import (
    Countdown,
    NonexistentLocalTime,
    all_time_zones,
    aware_local,
    countdown_to,
    is_time_zone,
)

UTC = dt.UTC


@pytest.mark.parametrize(
    ("date", "time", "zone", "expected_utc"),
    [
        pytest.param(
            dt.date(2026, 3, 30),
            dt.time(18),
            "Europe/Madrid",
            dt.datetime(2026, 3, 30, 16),
            id="madrid-summer-time",
        ),
        pytest.param(
            dt.date(2026, 10, 26),
            dt.time(18),
            "Europe/Madrid",
            dt.datetime(2026, 10, 26, 17),
            id="madrid-winter-time",
        ),
        pytest.param(
            dt.date(2027, 3, 10),
            dt.time(18),
            "America/Mexico_City",
            dt.datetime(2027, 3, 11, 0),
            id="mexico-city-next-day-in-utc",
        ),
        pytest.param(
            dt.date(2026, 12, 1),
            dt.time(1),
            "Pacific/Auckland",
            dt.datetime(2026, 11, 30, 12),
            id="auckland-previous-day-in-utc",
        ),
        pytest.param(
            dt.date(2026, 7, 1),
            dt.time(9, 30),
            "Asia/Kolkata",
            dt.datetime(2026, 7, 1, 4),
            id="kolkata-half-hour-offset",
        ),
        pytest.param(
            dt.date(2026, 3, 29),
            dt.time(3),
            "Europe/Madrid",
            dt.datetime(2026, 3, 29, 1),
            id="madrid-first-minute-after-the-jump",
        ),
    ],
)
def test_aware_local_gives_the_instant_of_a_wall_clock_time(date, time, zone, expected_utc):
    result = aware_local(date, time, zone)

    assert result.astimezone(UTC) == expected_utc.replace(tzinfo=UTC)
    assert result.replace(tzinfo=None) == dt.datetime.combine(date, time)
    assert str(result.tzinfo) == zone


@pytest.mark.parametrize(
    ("date", "time", "zone"),
    [
        pytest.param(dt.date(2026, 3, 29), dt.time(2, 30), "Europe/Madrid", id="madrid-2026"),
        pytest.param(dt.date(2027, 3, 28), dt.time(2, 0), "Europe/Madrid", id="madrid-2027"),
        pytest.param(dt.date(2027, 3, 14), dt.time(2, 59), "America/New_York", id="new-york"),
        pytest.param(dt.date(2026, 9, 27), dt.time(2, 15), "Pacific/Auckland", id="auckland"),
    ],
)
def test_aware_local_refuses_a_time_the_clocks_skip(date, time, zone):
    with pytest.raises(NonexistentLocalTime):
        aware_local(date, time, zone)


def test_aware_local_takes_the_first_of_a_time_that_happens_twice():
    # Madrid's clocks go back from 03:00 to 02:00 on 25 October 2026.
    result = aware_local(dt.date(2026, 10, 25), dt.time(2, 30), "Europe/Madrid")

    # Python never calls a time in a repeated hour equal to a time in another zone
    # (PEP 495), so the instant is compared in UTC.
    assert result.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # UTC+2
    assert result.fold == 0


def test_nonexistent_local_time_is_a_value_error():
    assert issubclass(NonexistentLocalTime, ValueError)


@pytest.mark.parametrize(
    ("days", "text", "is_past"),
    [
        (12, "12 days to go", False),
        (2, "2 days to go", False),
        (1, "tomorrow", False),
        (0, "today", False),
        (-1, "yesterday", True),
        (-3, "3 days ago", True),
        (-400, "400 days ago", True),
    ],
)
def test_countdown_text_reads_naturally(days, text, is_past):
    countdown = Countdown(days=days)

    assert countdown.text == text
    assert countdown.is_past is is_past


@pytest.mark.parametrize(
    ("starts_at", "zone", "now", "days"),
    [
        pytest.param(
            dt.datetime(2026, 11, 30, 12, tzinfo=UTC),  # 01:00 on 1 Dec in Auckland
            "Pacific/Auckland",
            dt.datetime(2026, 11, 30, 10, tzinfo=UTC),  # 23:00 on 30 Nov there
            1,
            id="auckland-tomorrow-same-utc-day",
        ),
        pytest.param(
            dt.datetime(2026, 11, 30, 12, tzinfo=UTC),
            "Pacific/Auckland",
            dt.datetime(2026, 11, 30, 11, tzinfo=UTC),  # midnight there
            0,
            id="auckland-today-from-midnight",
        ),
        pytest.param(
            dt.datetime(2026, 12, 1, 6, tzinfo=UTC),  # 20:00 on 30 Nov in Honolulu
            "Pacific/Honolulu",
            dt.datetime(2026, 11, 30, 20, tzinfo=UTC),  # 10:00 on 30 Nov there
            0,
            id="honolulu-today-next-utc-day",
        ),
        pytest.param(
            dt.datetime(2026, 11, 29, 19, tzinfo=UTC),  # 09:00 on 29 Nov in Honolulu
            "Pacific/Honolulu",
            dt.datetime(2026, 12, 1, 5, tzinfo=UTC),  # 19:00 on 30 Nov there
            -1,
            id="honolulu-yesterday-two-utc-days",
        ),
        pytest.param(
            dt.datetime(2026, 3, 29, 22, 30, tzinfo=UTC),  # 00:30 on 30 Mar in Madrid
            "Europe/Madrid",
            dt.datetime(2026, 3, 27, 23, 30, tzinfo=UTC),  # 00:30 on 28 Mar there
            2,
            id="madrid-47-hours-across-summer-time",
        ),
        pytest.param(
            dt.datetime(2026, 10, 26, 23, 30, tzinfo=UTC),  # 00:30 on 27 Oct in Madrid
            "Europe/Madrid",
            dt.datetime(2026, 10, 24, 22, 30, tzinfo=UTC),  # 00:30 on 25 Oct there
            2,
            id="madrid-49-hours-across-winter-time",
        ),
        pytest.param(
            dt.datetime(2026, 12, 1, 15, tzinfo=UTC),
            "Africa/Nairobi",
            dt.datetime(2026, 12, 1, 20, tzinfo=UTC),  # after it ended, same day
            0,
            id="today-after-it-ended",
        ),
    ],
)
def test_countdown_to_counts_calendar_days_in_the_sessions_zone(starts_at, zone, now, days):
    assert countdown_to(starts_at, zone, now).days == days


def test_countdown_to_accepts_a_start_in_any_zone():
    starts_at = aware_local(dt.date(2026, 12, 1), dt.time(1), "Pacific/Auckland")

    countdown = countdown_to(
        starts_at, "Pacific/Auckland", dt.datetime(2026, 11, 30, 10, tzinfo=UTC)
    )

    assert countdown.text == "tomorrow"


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("Europe/Madrid", True),
        ("America/Mexico_City", True),
        ("Pacific/Auckland", True),
        ("UTC", True),
        ("Mars/Olympus", False),
        ("europe/madrid", False),
        ("", False),
        ("localtime", False),
        ("Factory", False),
        ("../etc/passwd", False),
    ],
)
def test_is_time_zone_knows_real_zones_only(name, known):
    assert is_time_zone(name) is known


def test_all_time_zones_are_sorted_and_loadable():
    zones = all_time_zones()

    assert list(zones) == sorted(zones)
    assert len(zones) > 300
    assert "Factory" not in zones
