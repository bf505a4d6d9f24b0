"""Gathers what a printed form needs from the services and hands plain data to the renderer."""

from __future__ import annotations

import uuid

from hcc_desktop.services.auth import Actor


def center_of(settings_view):
    from hcc_desktop.documents.forms import Center

    return Center(settings_view.center_name, settings_view.commune, settings_view.center_address,
                  settings_view.center_phone)


def _people(services, actor: Actor, dossier_id: uuid.UUID):
    from hcc_desktop.documents.forms import Applicant

    dossier = services.dossiers.get(actor, dossier_id)
    person = services.citizens.get(actor, dossier.citizen_id)
    applicant = Applicant(person.full_name, ", ".join(p for p in (person.address, person.village) if p),
                          person.phone)
    return dossier, applicant, services.catalog.procedure(dossier.procedure_id)


def _ticked(services, actor: Actor, dossier_id: uuid.UUID):
    visit_id = services.dossiers.visit_of(actor, dossier_id)
    if visit_id is None:
        return None
    return [uuid.UUID(d) for d in services.visits.get(actor, visit_id).documents_ok]


def supplement_request(services, actor: Actor, dossier_id: uuid.UUID) -> bytes:
    """What is still missing (the papers not ticked at the visit) and where to get each one."""
    from hcc_desktop.documents.forms import Paper, SupplementRequest, supplement_request_pdf

    dossier, applicant, procedure = _people(services, actor, dossier_id)
    ticked = set(_ticked(services, actor, dossier_id) or [])
    missing = tuple(Paper(d.name, d.copy_kind, d.quantity, d.where_to_obtain) for d in procedure.documents
                    if d.required and d.id not in ticked)
    reasons = [e.detail for e in services.dossiers.history(actor, dossier_id) if e.to_status == "needs_supplement"]
    view = services.settings.view()
    return supplement_request_pdf(SupplementRequest(
        center_of(view), dossier.code, applicant, dossier.procedure_name, missing,
        reasons[-1] if reasons else "", services.clock.now(), actor.full_name, view.center_phone, actor.full_name))


def refusal_notice(services, actor: Actor, dossier_id: uuid.UUID) -> bytes:
    """The notice for a dossier refused, with the reason recorded when it was refused. What the person
    can do instead is left as a line the clerk writes by hand."""
    from hcc_desktop.documents.forms import RefusalNotice, refusal_notice_pdf

    dossier, applicant, _ = _people(services, actor, dossier_id)
    reasons = [e.detail for e in services.dossiers.history(actor, dossier_id) if e.to_status == "refused"]
    return refusal_notice_pdf(RefusalNotice(
        center_of(services.settings.view()), applicant, dossier.procedure_name, reasons[-1] if reasons else "",
        "", services.clock.now(), actor.full_name, dossier.code))


def apology_letter(services, actor: Actor, dossier_id: uuid.UUID, original_due) -> bytes:
    """The apology for a late dossier, with the new date already recorded by ``dossiers.reschedule``."""
    from hcc_desktop.documents.forms import ApologyLetter, apology_letter_pdf

    dossier, applicant, _ = _people(services, actor, dossier_id)
    reasons = [e.detail for e in services.dossiers.history(actor, dossier_id) if e.kind == "rescheduled"]
    reason = reasons[-1].split(": ", 1)[-1] if reasons else ""
    return apology_letter_pdf(ApologyLetter(
        center_of(services.settings.view()), dossier.code, applicant, dossier.procedure_name, dossier.received_at,
        original_due, dossier.due_at, reason, services.clock.now(), signer_name=actor.full_name))


def appointment_slip(services, actor: Actor, dossier_id: uuid.UUID) -> bytes:
    """The two-copy appointment slip of a received dossier, with the papers ticked at the visit."""
    from hcc_desktop.documents.forms import Applicant, AppointmentSlip, appointment_slip_pdf, papers_from_procedure

    dossier = services.dossiers.get(actor, dossier_id)
    person = services.citizens.get(actor, dossier.citizen_id)
    procedure = services.catalog.procedure(dossier.procedure_id)
    ticked = None
    visit_id = services.dossiers.visit_of(actor, dossier_id)
    if visit_id is not None:
        ticked = [uuid.UUID(d) for d in services.visits.get(actor, visit_id).documents_ok]
    papers = papers_from_procedure(procedure, ticked)
    applicant = Applicant(person.full_name, ", ".join(p for p in (person.address, person.village) if p),
                          person.phone)
    slip = AppointmentSlip.from_dossier(center_of(services.settings.view()), dossier, applicant, procedure,
                                        papers=papers, clerk_name=actor.full_name)
    return appointment_slip_pdf(slip)


def record_output(services, actor: Actor, dossier_id: uuid.UUID, document: str, output: str) -> None:
    from hcc_desktop.services.audit import AuditAction

    services.audit.record(actor, AuditAction.PRINT, f"dossier:{dossier_id}", {"document": document, "output": output})


class DossierPapers:
    """The forms a clerk prints for one dossier, bound to who is acting (handed to the dossier screen)."""

    def __init__(self, services, actor: Actor) -> None:
        self._services, self._actor = services, actor

    def appointment_slip(self, dossier_id: uuid.UUID) -> bytes:
        return appointment_slip(self._services, self._actor, dossier_id)

    def refusal_notice(self, dossier_id: uuid.UUID) -> bytes:
        return refusal_notice(self._services, self._actor, dossier_id)

    def record_output(self, dossier_id: uuid.UUID, document: str, output: str) -> None:
        """A form with the citizen's details was printed or saved: note it in the audit trail."""
        record_output(self._services, self._actor, dossier_id, document, output)

    def supplement_request(self, dossier_id: uuid.UUID) -> bytes:
        return supplement_request(self._services, self._actor, dossier_id)

    def apology_letter(self, dossier_id: uuid.UUID, original_due) -> bytes:
        return apology_letter(self._services, self._actor, dossier_id, original_due)

    def closing_time(self, day):
        """``day`` at the center's closing time, as an aware datetime (a new due date typed by the clerk)."""
        from datetime import datetime, time

        from hcc_desktop.clock import LOCAL_TZ

        return datetime.combine(day, time.fromisoformat(self._services.settings.view().afternoon_close), LOCAL_TZ)
