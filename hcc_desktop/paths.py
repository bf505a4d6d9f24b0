"""Every folder the program uses, resolved in one place.

The data folder is the platform's per-user data folder unless ``--data-dir``
or the ``HCC_DATA_DIR`` environment variable names another; the database,
logs and backups live inside it so one override moves everything.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "HCC_DATA_DIR"
DB_FILENAME = "hcc.sqlite3"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("HCC Desktop", "HCC", roaming=False))


@dataclass(frozen=True)
class Paths:
    data_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> "Paths":
        chosen = data_dir or os.environ.get(ENV_DATA_DIR) or default_data_dir()
        return cls(Path(chosen).expanduser().resolve())

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "hcc-desktop.log"

    def database_url(self) -> str:
        return f"sqlite:///{self.database.as_posix()}"


def resources_dir() -> Path:
    """The shipped ``resources/`` folder (source checkout or installed package)."""
    spec = importlib.util.find_spec("hcc_desktop.resources")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
