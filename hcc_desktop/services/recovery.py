"""After an abrupt shutdown (power cut, crash): notice it, and tell the clerk what was recovered.

The counter writes a small marker file in the data folder when it opens and removes it when it closes
normally. Finding the marker at the next start means the last run ended abruptly; everything it had
acknowledged is on disk (every action is one durable transaction), and :meth:`RecoveryService.begin`
says what the counter comes back to: the queue, the tickets at the counters, visits left open.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hcc_desktop.clock import to_local
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, Role, require_role

logger = logging.getLogger(__name__)
MARKER = "dang-mo.json"


@dataclass(frozen=True)
class RecoveryReport:
    abrupt: bool  # the last run did not close normally
    last_started: datetime | None
    waiting: int
    active: tuple[str, ...]  # "U012 đang phục vụ ở Quầy 1"
    drafts: tuple[datetime, ...]  # start times of the acting user's visits left open
    pending_online: int = 0
    open_referrals: int = 0

    def message(self) -> str:
        parts = [tr("Chương trình đã tắt đột ngột (mất điện hoặc lỗi) lần mở trước{t}. Dữ liệu đã lưu được "
                    "giữ nguyên; đã khôi phục:", t=tr(" (mở lúc {x})", x=to_local(self.last_started)
                                                     .strftime("%H:%M %d/%m")) if self.last_started else "")]
        parts.append(tr("• Hàng chờ: {n} người đang chờ, giữ nguyên thứ tự.", n=self.waiting))
        for line in self.active:
            parts.append("• " + line)
        for started in self.drafts:
            parts.append(tr("• Lượt hỗ trợ đang làm dở từ {t}: đã mở lại với nội dung đã nhập.",
                            t=to_local(started).strftime("%H:%M")))
        if self.pending_online:
            parts.append(tr("• {n} hồ sơ chờ nộp trực tuyến khi có mạng.", n=self.pending_online))
        parts.append(tr("Nếu trong lúc mất điện đã phát phiếu giấy, hãy nhập bù (menu Tình huống → Nhập bù phiếu giấy)."))
        return "\n".join(parts)


class RecoveryService:
    def __init__(self, data_dir: Path, clock, queue, visits, followups) -> None:
        self._marker = Path(data_dir) / MARKER
        self._clock = clock
        self._queue, self._visits, self._followups = queue, visits, followups
        self._mine = False

    def begin(self, actor: Actor) -> RecoveryReport | None:
        """Mark the counter as open; if the last run ended abruptly, what it comes back to (else None)."""
        require_role(actor, *Role)
        previous = self._read()
        abrupt = previous is not None and not self._mine and previous.get("pid") != os.getpid()
        self._write()
        if not abrupt:
            return None
        logger.warning("the last run ended without closing normally; state recovered from the data folder")
        started = previous.get("started")
        snapshot = self._queue.snapshot(actor)
        active = tuple(tr("{code} {state} ở {counter}", code=t.code, state=t.status.label, counter=t.counter)
                       for t in snapshot.active)
        drafts = tuple(v.started_at for v in self._visits.open_drafts(actor) if v.helper_id == actor.user_id)
        counter_staff = actor.role is not Role.VOLUNTEER
        return RecoveryReport(True, datetime.fromisoformat(started) if started else None, len(snapshot.waiting),
                              active, drafts, len(self._followups.pending(actor)) if counter_staff else 0)

    def end(self) -> None:
        """The counter closes normally."""
        if self._mine:
            try:
                self._marker.unlink(missing_ok=True)
            except OSError:
                logger.info("could not remove the open marker", exc_info=True)
            self._mine = False

    def _read(self) -> dict | None:
        try:
            return json.loads(self._marker.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {}

    def _write(self) -> None:
        text = json.dumps({"pid": os.getpid(), "started": self._clock.now().isoformat()})
        try:
            self._marker.write_text(text, encoding="utf-8")
            self._mine = True
        except OSError:
            logger.info("could not write the open marker", exc_info=True)
