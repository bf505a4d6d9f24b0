"""Gathers what a printed form needs from the services and hands plain data to the renderer."""

from __future__ import annotations

import uuid

from hcc_desktop.services.auth import Actor


def center_of(settings_view):
    from hcc_desktop.documents.forms import Center

    return Center(settings_view.center_name, settings_view.commune, settings_view.center_address,
                  settings_view.center_phone)


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
