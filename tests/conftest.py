"""Shared fixtures: a fresh data folder per test, a fixed clock, one offscreen QApplication."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime  # noqa: E402

import pytest  # noqa: E402

from hcc_desktop.app import open_services  # noqa: E402
from hcc_desktop.clock import LOCAL_TZ, FixedClock  # noqa: E402
from hcc_desktop.i18n import reset_catalog  # noqa: E402
from hcc_desktop.services.auth import Role  # noqa: E402

PASSWORD = "mat-khau-123"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 25, 8, 0, tzinfo=LOCAL_TZ))


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("HCC_DATA_DIR", raising=False)
    return tmp_path / "data"


@pytest.fixture
def services(data_dir, clock):
    with open_services(data_dir, clock=clock) as opened:
        yield opened


@pytest.fixture
def supervisor(services):
    return services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)


@pytest.fixture
def clerk(services, supervisor):
    services.auth.create_user(supervisor, "congchuc", "Đặng Văn Lâm", Role.CLERK, PASSWORD)
    return services.auth.authenticate("congchuc", PASSWORD)


@pytest.fixture
def volunteer(services, supervisor):
    services.auth.create_user(supervisor, "tnv", "Lê Thu Hà", Role.VOLUNTEER, PASSWORD)
    return services.auth.authenticate("tnv", PASSWORD)


@pytest.fixture(autouse=True)
def _fresh_catalog():
    reset_catalog()
    yield
    reset_catalog()
