"""A call's status follows from its dates, by the day in Berlin: on the object and in queries."""

from datetime import UTC, date, datetime

import pytest

from kb.models import FundingCallPage, FundingStatus, funding_status
from tests.factories.kb import FundingCallPageFactory

pytestmark = pytest.mark.django_db


def assert_status(call, status):
    """The page and the database query agree on the status, and on no other."""
    assert call.status == status
    for candidate in FundingStatus:
        found = FundingCallPage.objects.with_status(candidate).filter(pk=call.pk).exists()
        assert found == (candidate == status), candidate


@pytest.mark.parametrize(
    ("days", "status"),
    [
        (-1, FundingStatus.CLOSED),
        (0, FundingStatus.CLOSING_SOON),
        (3, FundingStatus.CLOSING_SOON),
        (30, FundingStatus.CLOSING_SOON),
        (31, FundingStatus.OPEN),
    ],
)
def test_status_on_the_boundaries(clock, days, status):
    assert_status(FundingCallPageFactory(deadlines=[days]), status)


def test_a_call_is_announced_until_the_day_it_opens(clock):
    opens_tomorrow = FundingCallPageFactory(opens_on=date(2026, 4, 17), deadlines=[40])
    opens_today = FundingCallPageFactory(opens_on=date(2026, 4, 16), deadlines=[40])
    assert_status(opens_tomorrow, FundingStatus.ANNOUNCED)
    assert_status(opens_today, FundingStatus.OPEN)


def test_the_next_deadline_counts_not_the_last(clock):
    call = FundingCallPageFactory(deadlines=[-10, 20, 90])
    assert call.next_deadline == date(2026, 5, 6)
    assert_status(call, FundingStatus.CLOSING_SOON)


def test_a_call_without_deadlines_is_closed():
    assert funding_status(None, None, date(2026, 4, 16)) == FundingStatus.CLOSED


@pytest.mark.parametrize(
    ("before_midnight", "after_midnight"),
    [
        # Winter time: Berlin is UTC+1; 00:05 in Berlin is 23:05 UTC of the day before.
        (datetime(2026, 1, 15, 22, 55, tzinfo=UTC), datetime(2026, 1, 15, 23, 5, tzinfo=UTC)),
        # Summer time: Berlin is UTC+2; 00:05 in Berlin is 22:05 UTC of the day before.
        (datetime(2026, 7, 15, 21, 55, tzinfo=UTC), datetime(2026, 7, 15, 22, 5, tzinfo=UTC)),
    ],
)
def test_a_deadline_lasts_until_midnight_in_berlin_whatever_the_servers_zone(
    clock, settings, before_midnight, after_midnight
):
    settings.TIME_ZONE = "UTC"
    clock(before_midnight)
    call = FundingCallPageFactory(deadlines=[0])
    deadline = call.deadlines.get()
    assert deadline.date == before_midnight.date()
    assert deadline.days_left == 0
    assert_status(call, FundingStatus.CLOSING_SOON)

    clock(after_midnight)

    assert after_midnight.date() == deadline.date  # in UTC it is still the deadline's day
    assert deadline.days_left == -1
    assert_status(call, FundingStatus.CLOSED)


def test_passing_days_move_the_next_deadline_on(clock):
    call = FundingCallPageFactory(deadlines=[1, 40])
    single = FundingCallPageFactory(deadlines=[1])
    clock(datetime(2026, 4, 18, 10, tzinfo=UTC))  # two days later

    assert FundingCallPage.objects.refresh_next_deadlines() == 2

    call.refresh_from_db()
    single.refresh_from_db()
    assert call.next_deadline == date(2026, 5, 26)
    assert_status(call, FundingStatus.OPEN)
    assert single.next_deadline is None
    assert_status(single, FundingStatus.CLOSED)
    assert FundingCallPage.objects.refresh_next_deadlines() == 0


def test_saving_a_call_sets_its_next_deadline(clock):
    call = FundingCallPageFactory(deadlines=[40])
    deadline = call.deadlines.get()
    deadline.date = date(2026, 4, 20)
    call.deadlines = [deadline]
    call.save_revision().publish()

    call.refresh_from_db()
    assert call.next_deadline == date(2026, 4, 20)
    assert call.deadlines.get().pk == deadline.pk
    assert FundingCallPage.objects.with_status(FundingStatus.CLOSING_SOON).get() == call
