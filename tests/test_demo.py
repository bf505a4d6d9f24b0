"""Demo data is deterministic, marked as demo, and never mixed into real data."""

from hcc_desktop.app import open_services
from hcc_desktop.services.auth import Role
from hcc_desktop.services.demo import DEMO_PASSWORD


def _names(data_dir, seed):
    with open_services(data_dir) as services:
        services.demo.fill(2, seed)
        actor = services.auth.authenticate("phutrach", DEMO_PASSWORD)
        assert services.db.is_demo()
        return [(u.username, u.full_name, u.role) for u in services.auth.list_users(actor)]


def test_same_seed_same_data(tmp_path):
    assert _names(tmp_path / "a", 5) == _names(tmp_path / "b", 5)
    assert _names(tmp_path / "c", 6) != _names(tmp_path / "a", 5)


def test_demo_has_every_role_and_vietnamese_names(tmp_path):
    users = _names(tmp_path / "a", 1)
    assert {role for _, _, role in users} == {Role.SUPERVISOR, Role.CLERK, Role.VOLUNTEER}
    assert all(any(ch in name for ch in "ăâđêôơưáàảãạếềốồớờứừíìọộợụủũýỳĐ") or name.isascii() for _, name, _ in users)
    assert any(not name.isascii() for _, name, _ in users)


def test_running_demo_twice_adds_nothing(tmp_path):
    first = _names(tmp_path / "a", 3)
    assert _names(tmp_path / "a", 3) == first


def test_demo_fills_center_settings(tmp_path):
    with open_services(tmp_path / "a") as services:
        services.demo.fill(1, 1)
        view = services.settings.view()
    assert len(view.villages) >= 8 and len(view.counters) >= 2 and view.commune


def test_demo_fills_visits_dossiers_in_every_state_and_surveys(tmp_path):
    from sqlalchemy import func, select

    from hcc_desktop.storage.case_models import Dossier, Survey

    with open_services(tmp_path / "a") as services:
        summary = services.demo.fill(3, 2)
        actor = services.auth.authenticate("phutrach", DEMO_PASSWORD)
        assert summary.visits > 50 and summary.dossiers > 20
        statuses = {s for (s,) in services.db.engine.connect().execute(select(Dossier.__table__.c.status))}
        assert {"received", "needs_supplement", "resolved", "returned"} <= statuses
        assert services.dossiers.overdue(actor)
        with services.db.read_core() as conn:
            assert conn.scalar(select(func.count()).select_from(Survey.__table__)) > 20
        assert services.citizens.search(actor, "nguyen")
