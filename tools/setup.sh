#!/usr/bin/env bash
# Prepare a development machine (Debian/Ubuntu): the system libraries Qt needs,
# a virtual environment in .venv, and HCC Desktop installed into it with its test tools.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
"$PYTHON" - <<'PY' || { echo "HCC Desktop needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1))." >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

# Qt (offscreen and X11), fonts, a virtual screen, PDF tools and LibreOffice Calc (the report workbooks are
# checked by converting them with it) for checking the UI and documents.
PACKAGES="libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libxcb-randr0 libxrender1 libxi6 libsm6 libice6 fonts-dejavu-core
  libpulse0 xvfb xauth poppler-utils python3-venv libreoffice-calc"
bash tools/apt-ensure.sh $PACKAGES

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
echo "Ready: .venv/bin/hcc-desktop (program), .venv/bin/python -m pytest (tests)."
