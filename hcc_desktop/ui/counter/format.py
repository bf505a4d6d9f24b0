"""How tickets read on screen (shared by the queue list, the current card and dialogs)."""

from __future__ import annotations

from datetime import datetime

from hcc_desktop.i18n import tr

MARK = {"head": "▲▲", "priority": "▲", "regular": ""}
COLOR = {"head": "#b00020", "priority": "#a05a00", "regular": "#222222"}


def needs_text(ticket) -> str:
    return ", ".join(n.label for n in ticket.needs)


def ticket_line(ticket, now: datetime) -> str:
    """One row of the queue list: mark, number, minutes waited, needs, counter, reason, name.

    What the clerk must act on comes first, so a narrow list never hides it.
    """
    parts = [f"{MARK[ticket.tier.value]} {ticket.code}".strip(), tr("{m} phút", m=ticket.waited_minutes(now))]
    if ticket.needs:
        parts.append(tr("RA TẬN NƠI MỜI ({n})", n=needs_text(ticket)))
    if ticket.assigned_counter:
        parts.append(tr("→ {c}", c=ticket.assigned_counter))
    parts.append(ticket.reason_label if ticket.tier.value != "regular" else tr("thường"))
    if ticket.citizen_name:
        parts.append(ticket.citizen_name)
    return " · ".join(parts)


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]
