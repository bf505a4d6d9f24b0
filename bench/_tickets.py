"""Realistic issue requests for the queue benchmarks (the demo's mix of arrivals, seeded)."""

from __future__ import annotations

import random
import uuid

COUNTERS = ["Quầy 1", "Quầy 2"]
_NO_HEAD = {"disabled"}  # the one default reason of the head tier


def requests(rng: random.Random, n: int, year: int, *, head: bool = True) -> list:
    """``n`` IssueRequests in the demo's proportions (30 % elderly, 5 % disabled, 42 % no priority…).

    Each has a fresh ``request_id`` as the issue dialog sends. ``head=False`` leaves out the head tier.
    """
    from hcc_desktop.services.demo import person_name
    from hcc_desktop.services.demo_queue import MIX
    from hcc_desktop.services.queue import IssueRequest

    mix = [(code, share) for code, share in MIX if head or code not in _NO_HEAD]
    codes, weights = [c for c, _ in mix], [w for _, w in mix]
    out = []
    for _ in range(n):
        code = rng.choices(codes, weights)[0]
        gender = "female" if code == "pregnant" else rng.choice(["male", "female"])
        age = rng.randint(62, 90) if code == "elderly" else rng.randint(18, 59)
        needs: tuple[str, ...] = ()
        if code == "disabled":
            needs = rng.choice([("mobility",), ("hearing",), ("vision",), ("mobility", "hearing")])
        out.append(IssueRequest(
            reason_code=code, citizen_name=person_name(rng, gender) if rng.random() < 0.6 else "",
            birth_year=year - age if rng.random() < 0.7 else None, needs=needs,
            reason_note="Đang ốm, cần về sớm" if code == "other" else "",
            reason_verified=code in ("disabled", "merit") and rng.random() < 0.7,
            request_id=uuid.UUID(int=rng.getrandbits(128), version=4)))
    return out


def is_head(request) -> bool:
    return request.reason_code in _NO_HEAD
