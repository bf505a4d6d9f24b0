"""The ordering rule, exhaustively: tiers, both fairness guards, postpone, transfers."""

from datetime import datetime, timedelta, timezone

import pytest

from hcc_desktop.services.queue_rules import (Candidate, QueuePolicy, Rule, Tier, choose_next, display_order,
                                              next_streak, priority_streak)

T0 = datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc)
H, P, R = Tier.HEAD, Tier.PRIORITY, Tier.REGULAR


def c(name, tier, seq, minutes_ago=0, now=T0 + timedelta(hours=1), **kw):
    return Candidate(name, tier, seq, now - timedelta(minutes=minutes_ago), **kw)


NOW = T0 + timedelta(hours=1)
POLICY = QueuePolicy(max_regular_wait_minutes=30, priority_streak_limit=3)


def pick(cands, recent=(), now=NOW, policy=POLICY, counter=""):
    choice = choose_next(cands, priority_streak(list(recent)), now, policy, counter)
    return None if choice is None else (choice.ticket_id, choice.rule)


def test_empty_queue_gives_nothing():
    assert pick([]) is None


def test_head_tier_goes_first_even_over_long_waiting_regulars_and_streaks():
    cands = [c("r1", R, 1, 90), c("p1", P, 2, 5), c("h1", H, 3, 1)]
    assert pick(cands, recent=[P, P, P, P]) == ("h1", Rule.HEAD)


def test_first_come_first_served_within_a_tier_by_issue_order_not_clock():
    # h2 has an earlier clock time (the PC clock jumped back) but was issued later
    cands = [c("h1", H, 1, 2), c("h2", H, 2, 10)]
    assert pick(cands) == ("h1", Rule.HEAD)


def test_priority_before_regular():
    assert pick([c("r1", R, 1, 10), c("p1", P, 2, 1)]) == ("p1", Rule.PRIORITY)


def test_only_regulars_in_order():
    assert pick([c("r2", R, 5, 3), c("r1", R, 4, 4)]) == ("r1", Rule.ORDER)


def test_only_priorities():
    assert pick([c("p2", P, 5), c("p1", P, 4)]) == ("p1", Rule.PRIORITY)


@pytest.mark.parametrize("waited, expected", [(29, ("p1", Rule.PRIORITY)), (30, ("r1", Rule.WAITED)),
                                              (45, ("r1", Rule.WAITED))])
def test_regular_waiting_too_long_goes_before_further_priority(waited, expected):
    assert pick([c("r1", R, 1, waited), c("p1", P, 2, 1)]) == expected


def test_long_waiting_regular_does_not_jump_priority_tickets_issued_before_it():
    """On an overloaded day every regular has waited long; earlier priority tickets still go first."""
    assert pick([c("p1", P, 1, 60), c("r1", R, 2, 45), c("p2", P, 3, 5)]) == ("p1", Rule.PRIORITY)
    assert pick([c("r1", R, 2, 45), c("p2", P, 3, 5)]) == ("r1", Rule.WAITED)


def test_wait_guard_off_when_zero():
    policy = QueuePolicy(max_regular_wait_minutes=0, priority_streak_limit=0)
    assert pick([c("r1", R, 1, 500), c("p1", P, 2)], policy=policy) == ("p1", Rule.PRIORITY)


@pytest.mark.parametrize("recent, expected", [
    ([], ("p1", Rule.PRIORITY)),
    ([P, P], ("p1", Rule.PRIORITY)),
    ([P, P, P], ("r1", Rule.STREAK)),
    ([R, P, H, P], ("r1", Rule.STREAK)),      # head calls count toward the streak
    ([P, P, P, R], ("p1", Rule.PRIORITY)),    # a regular call resets it
])
def test_streak_guard(recent, expected):
    assert pick([c("r1", R, 1, 5), c("p1", P, 2, 1)], recent=recent) == expected


def test_streak_guard_off_when_zero():
    policy = QueuePolicy(max_regular_wait_minutes=30, priority_streak_limit=0)
    assert pick([c("r1", R, 1, 5), c("p1", P, 2)], recent=[P] * 10, policy=policy) == ("p1", Rule.PRIORITY)


def test_streak_with_no_regular_waiting_keeps_calling_priority():
    assert pick([c("p1", P, 1)], recent=[P] * 5) == ("p1", Rule.PRIORITY)


def test_postponed_ticket_is_skipped_then_takes_back_its_place():
    until = NOW + timedelta(minutes=10)
    cands = [c("p1", P, 1, postponed_until=until), c("p2", P, 2)]
    assert pick(cands) == ("p2", Rule.PRIORITY)
    assert pick(cands, now=until) == ("p1", Rule.PRIORITY)


def test_postponed_head_ticket_does_not_block_others():
    cands = [c("h1", H, 1, postponed_until=NOW + timedelta(minutes=5)), c("r1", R, 2)]
    assert pick(cands) == ("r1", Rule.ORDER)


def test_transferred_ticket_is_called_only_by_its_counter():
    cands = [c("p1", P, 1, assigned_counter="Quầy 2"), c("r1", R, 2)]
    assert pick(cands, counter="Quầy 1") == ("r1", Rule.ORDER)
    assert pick(cands, counter="Quầy 2") == ("p1", Rule.PRIORITY)


def test_next_streak_counts_priority_calls_and_resets_on_regular():
    streak = 0
    for tier in (P, H, P):
        streak = next_streak(streak, tier)
    assert streak == 3 and next_streak(streak, R) == 0


def test_priority_streak_count():
    assert priority_streak([]) == 0
    assert priority_streak([P, R, P, H]) == 2
    assert priority_streak([R]) == 0


def test_display_order_is_tier_then_issue_order():
    cands = [c("r1", R, 1), c("p2", P, 4), c("h1", H, 5), c("p1", P, 2)]
    assert [x.id for x in display_order(cands)] == ["h1", "p1", "p2", "r1"]


def test_policy_sentence_is_plain_vietnamese():
    text = QueuePolicy(30, 3).describe()
    assert "Người khuyết tật" in text and "3 lượt" in text and "30 phút" in text
    assert "phút" not in QueuePolicy(0, 0).describe()


def test_a_morning_simulation_never_starves_regulars():
    """A steady stream of priority arrivals: regulars still get called every K+1 calls."""
    cands = [c(f"r{i}", R, i, 0) for i in range(5)]
    recent, seq, served = [], 100, []
    for _ in range(16):
        seq += 1
        cands.append(c(f"p{seq}", P, seq, 0))
        chosen, _rule = pick(cands, recent=recent)
        served.append(chosen)
        recent.append(next(x.tier for x in cands if x.id == chosen))
        cands = [x for x in cands if x.id != chosen]
    regular_positions = [i for i, s in enumerate(served) if s.startswith("r")]
    assert regular_positions == [3, 7, 11, 15]
