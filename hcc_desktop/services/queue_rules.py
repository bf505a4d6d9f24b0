"""The queue's ordering rule: one pure function, no database, no clock of its own.

Tiers: head (ưu tiên đặc biệt, e.g. people with disabilities) > priority >
regular; first come, first served within a tier by issue order (``seq``, never
the wall clock, so a PC whose clock jumps cannot reorder the queue).

Fairness guards, both set by a supervisor:

* a regular ticket that has waited at least ``max_regular_wait_minutes`` is
  called before priority tickets issued after it (0 = off) — never before
  priority tickets that were already waiting, so an overloaded day does not
  starve the priority tier;
* after ``priority_streak_limit`` consecutive priority calls the oldest regular
  ticket is called (0 = off). Head-tier calls count toward the streak.

Head-tier tickets always go first. A postponed ticket is skipped until its time
is up and then takes back its original place. A ticket transferred to a
counter is only called by that counter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from hcc_desktop.i18n import tr


class Tier(StrEnum):
    HEAD = "head"
    PRIORITY = "priority"
    REGULAR = "regular"

    @property
    def label(self) -> str:
        return {Tier.HEAD: tr("ưu tiên đặc biệt (đầu hàng)"), Tier.PRIORITY: tr("ưu tiên"),
                Tier.REGULAR: tr("thường")}[self]

    @property
    def rank(self) -> int:
        return {Tier.HEAD: 0, Tier.PRIORITY: 1, Tier.REGULAR: 2}[self]


class Rule(StrEnum):
    HEAD = "head"
    WAITED = "waited"
    STREAK = "streak"
    PRIORITY = "priority"
    ORDER = "order"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return {
            Rule.HEAD: tr("ưu tiên đặc biệt luôn được gọi trước"),
            Rule.WAITED: tr("người thường đã chờ quá lâu"),
            Rule.STREAK: tr("đến lượt người thường sau các lượt ưu tiên liên tiếp"),
            Rule.PRIORITY: tr("ưu tiên"),
            Rule.ORDER: tr("theo thứ tự đến"),
            Rule.MANUAL: tr("cán bộ chọn gọi số này"),
        }[self]


@dataclass(frozen=True)
class QueuePolicy:
    max_regular_wait_minutes: int = 30
    priority_streak_limit: int = 3

    def describe(self) -> str:
        """The rule in one plain Vietnamese sentence, for the display board."""
        parts = [tr("Người khuyết tật và ưu tiên đặc biệt được mời trước; sau đó người ưu tiên "
                    "(cao tuổi, mang thai, người có công, đi cùng trẻ nhỏ…), rồi đến lượt theo thứ tự.")]
        if self.priority_streak_limit:
            parts.append(tr("Cứ sau {k} lượt ưu tiên liên tiếp, mời một người thường.",
                            k=self.priority_streak_limit))
        if self.max_regular_wait_minutes:
            parts.append(tr("Không ai phải chờ quá {w} phút vì người ưu tiên đến sau.",
                            w=self.max_regular_wait_minutes))
        return " ".join(parts)


@dataclass(frozen=True)
class Candidate:
    id: object
    tier: Tier
    seq: int
    issued_at: datetime
    postponed_until: datetime | None = None
    assigned_counter: str = ""


@dataclass(frozen=True)
class Choice:
    ticket_id: object
    rule: Rule


def next_streak(streak: int, called: Tier) -> int:
    """The streak after calling a ticket of tier ``called``."""
    return 0 if called is Tier.REGULAR else streak + 1


def priority_streak(recent_call_tiers: Sequence[Tier]) -> int:
    """How many of the latest calls in a row were head or priority tickets."""
    streak = 0
    for tier in reversed(recent_call_tiers):
        if tier is Tier.REGULAR:
            break
        streak += 1
    return streak


def eligible(candidates: Sequence[Candidate], now: datetime, counter: str) -> list[Candidate]:
    return [c for c in candidates
            if (c.postponed_until is None or c.postponed_until <= now)
            and c.assigned_counter in ("", counter)]


def choose_next(candidates: Sequence[Candidate], streak: int, now: datetime, policy: QueuePolicy,
                counter: str = "") -> Choice | None:
    """The ticket ``counter`` should call now, and the rule that chose it (None if nobody waits).

    ``streak`` is the number of head/priority calls in a row just before (see :func:`priority_streak`).
    ``candidates`` may be every waiting ticket or just the oldest eligible one per tier.
    """
    ready = eligible(candidates, now, counter)
    oldest: dict[Tier, Candidate] = {}
    for c in ready:
        if c.tier not in oldest or c.seq < oldest[c.tier].seq:
            oldest[c.tier] = c
    if Tier.HEAD in oldest:
        return Choice(oldest[Tier.HEAD].id, Rule.HEAD)
    regular, priority = oldest.get(Tier.REGULAR), oldest.get(Tier.PRIORITY)
    if regular is None:
        return Choice(priority.id, Rule.PRIORITY) if priority else None
    if priority is None:
        return Choice(regular.id, Rule.ORDER)
    limit = timedelta(minutes=policy.max_regular_wait_minutes)
    if policy.max_regular_wait_minutes and now - regular.issued_at >= limit and regular.seq < priority.seq:
        return Choice(regular.id, Rule.WAITED)
    if policy.priority_streak_limit and streak >= policy.priority_streak_limit:
        return Choice(regular.id, Rule.STREAK)
    return Choice(priority.id, Rule.PRIORITY)


def display_order(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Waiting tickets by tier, then by issue order: what the counter list shows."""
    return sorted(candidates, key=lambda c: (c.tier.rank, c.seq))
