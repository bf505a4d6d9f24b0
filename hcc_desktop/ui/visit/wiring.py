"""Ties the visit steps to the counter: a started ticket opens a visit; a finished visit finishes the ticket,
asks how satisfied the person was, and prints the appointment slip when a dossier was received."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcc_desktop.i18n import tr
from hcc_desktop.ui.tasks import run_task
from hcc_desktop.ui.visit.panel import VisitPanel

if TYPE_CHECKING:
    from hcc_desktop.app import Services


def attach_visit_panel(window, services: "Services") -> VisitPanel:
    panel = VisitPanel(services, window.counter_panel)
    window.counter_panel.add_visit_panel(panel)
    window.counter_panel.started.connect(lambda ticket: panel.begin(ticket.id))
    panel.completed.connect(lambda visit, dossier_id: _after_visit(window, services, visit, dossier_id))
    return panel


def prepare(window, services: "Services", actor, settings) -> None:
    """After log-in: give the steps their lists, and bring back a visit left open by a power cut."""
    panel = window.visit_panel
    panel.actor = panel.citizen.actor = actor  # serving may start before the lists arrive (quick start)

    def loaded(procedures) -> None:
        panel.set_context(actor, settings.villages, procedures)
        run_task(window, services.visits.open_drafts, actor).on_success(_recover)

    def _recover(drafts) -> None:
        mine = [d for d in drafts if d.helper_id == actor.user_id]
        if mine and panel.visit is None:
            panel.resume(mine[0])

    run_task(window, services.catalog.procedures).on_success(loaded)


def _after_visit(window, services: "Services", visit, dossier_id) -> None:
    actor = window.actor
    if visit.ticket_id is not None:
        def finish():
            ticket = services.queue.ticket(actor, visit.ticket_id)
            if ticket.status.value in ("called", "serving"):
                services.queue.finish(actor, visit.ticket_id)

        run_task(window, finish).on_success(lambda _r: window.counter_panel.refresh())
    from hcc_desktop.ui.survey_dialog import SurveyDialog

    survey = SurveyDialog(services.visits, actor, visit.id, window)
    if dossier_id is not None:  # the citizen answers first, then the slip is printed for them
        survey.finished.connect(lambda _r: run_task(window, _appointment_slip, services, actor, dossier_id)
                                .on_success(lambda pdf: _preview(window, services, actor, dossier_id, pdf,
                                                                 tr("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"))))
    survey.open()


def _appointment_slip(services: "Services", actor, dossier_id) -> bytes:
    from hcc_desktop.services.paperwork import appointment_slip

    return appointment_slip(services, actor, dossier_id)


def _preview(window, services: "Services", actor, dossier_id, pdf: bytes, title: str) -> None:
    from hcc_desktop.services.paperwork import record_output
    from hcc_desktop.ui.print_preview import PreviewDialog

    record = lambda output: run_task(window, record_output, services, actor, dossier_id, title, output)  # noqa: E731
    PreviewDialog(pdf, title, window, on_output=record).open()
