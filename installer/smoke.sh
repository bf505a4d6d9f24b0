#!/usr/bin/env bash
# Smoke test of the Windows installer under Wine (Debian: wine, wine64, mingw-w64), in a fresh
# Wine prefix kept in the build cache:
#   silent install (per user) -> Start-menu shortcut, `hcc-desktop` on the user's PATH ->
#   the installed program's --self-test (exit code checked) -> a real data folder created with
#   `hcc-desktop init` lands in the user's data folder, not next to the program -> silent
#   upgrade over itself keeps the data (check, self-test again) -> silent uninstall removes the
#   program, shortcut and PATH entry but keeps the data -> install again and uninstall /PURGE
#   removes the data too.
#   smoke.sh [INSTALLER.exe]   (default: dist/HCC-Desktop-<version>-setup.exe)
# Test tooling only: icuuc.dll and bcryptprimitives.dll built from installer/testing/*.c go
# into the Wine prefix's system32 (Windows 10/11 have them, Wine 8.0 does not), never into
# the installer.
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD/installer"
cache="${HCC_INSTALLER_CACHE:-$HOME/.cache/hcc-installer}"
version="$(python3 -c 'import re, sys; print(re.search(r"__version__ = \"(.+?)\"", open(sys.argv[1]).read())[1])' \
  hcc_desktop/__init__.py)"
installer="$(realpath "${1:-dist/HCC-Desktop-$version-setup.exe}")"
[ -f "$installer" ] || { echo "no installer at $installer: run bash installer/build.sh first" >&2; exit 1; }
started=$(date +%s)

PACKAGES="wine wine64 gcc-mingw-w64-x86-64-win32"
bash tools/apt-ensure.sh $PACKAGES
gcc=$(command -v x86_64-w64-mingw32-gcc || command -v x86_64-w64-mingw32-gcc-win32)

export WINEPREFIX="$cache/wine-prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono/Gecko downloads; no WMI (Python 3.13's platform.machine() asks it and aborts under Wine);
# no sound card (the self-test only loads the sound libraries).
export WINEDLLOVERRIDES="mscoree,mshtml,wbemprox,winealsa.drv,winepulse.drv="
export QT_QPA_PLATFORM=offscreen
step() { echo "== $*"; }
fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }
# Python under Wine dies if stdout is a regular file: always read its output through a pipe.
win() { wine "$@" < /dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }

step "fresh Wine prefix ($WINEPREFIX)"
wineserver -k 2>/dev/null || true
rm -rf "$WINEPREFIX"
wineboot -i >/dev/null 2>&1
winecfg -v win10 >/dev/null 2>&1
wineserver -w
# Test-only DLLs Windows 10/11 have and Wine 8.0 lacks (see installer/testing/*.c).
"$gcc" -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/icuuc.dll" "$here/testing/icuuc.c"
"$gcc" -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  "$here/testing/bcryptprimitives.c" -ladvapi32

user_dir="$WINEPREFIX/drive_c/users/$(whoami)"
program="$user_dir/AppData/Local/Programs/HCC Desktop"
data="$user_dir/AppData/Local/HCC/HCC Desktop"
shortcut="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/HCC Desktop – Phục vụ hành chính công.lnk"
hcc() { win "$program/bin/hcc-desktop.exe" "$@"; }
user_path() { wine reg query 'HKCU\Environment' /v PATH < /dev/null 2>/dev/null | tr -d '\r' | cat; }

install() {
  local t0=$(date +%s)
  win "$installer" /S || fail "installer exit code $?"
  wineserver -w
  [ -x "$program/Python/python.exe" ] || [ -f "$program/Python/python.exe" ] || fail "no Python in $program"
  [ -f "$program/bin/hcc-desktop.exe" ] || fail "no bin/hcc-desktop.exe"
  [ -f "$shortcut" ] || fail "no Start-menu shortcut $shortcut"
  [ "$(user_path | grep -ci 'Programs\\HCC Desktop\\bin')" -eq 1 ] || fail "user PATH should name bin once: $(user_path)"
  echo "installed in $(( $(date +%s) - t0 )) s"
}

self_test() {
  local out code
  set +e
  out="$(hcc --self-test)"
  code=$?
  set -e
  echo "$out" | grep -v '^qt\.\|^$' | sed 's/^/   /'
  [ "$code" -eq 0 ] || fail "--self-test exit code $code"
  [ "$(echo "$out" | tr -d '\r' | grep -v '^qt\.' | tail -1)" = "OK" ] || fail "--self-test did not end with OK"
}

step "silent install"
install
[ ! -e "$data" ] || fail "the installer must not create the data folder"
echo "installed size: $(du -sm "$program" | cut -f1) MiB ($(find "$program" -type f | wc -l) files)"
step "installed program: --self-test"
self_test
step "the shortcut's command (pythonw.exe -m hcc_desktop) starts the program"
python3 - "$shortcut" <<'PY' || fail "the shortcut does not start pythonw.exe -m hcc_desktop"
import sys
lnk = open(sys.argv[1], "rb").read()
has = lambda text: text.encode("utf-16-le") in lnk or text.encode() in lnk
sys.exit(0 if has("pythonw.exe") and has("-m hcc_desktop") else 1)
PY
win "$program/Python/pythonw.exe" -m hcc_desktop --self-test || fail "pythonw.exe -m hcc_desktop --self-test: exit code $?"
step "a real data folder in the user's data folder"
printf 'mat-khau-kiem-tra\n' | wine "$program/bin/hcc-desktop.exe" init --supervisor phutrach \
  --full-name "Nguyễn Văn Phụ Trách" --password-stdin 2>&1 | cat
[ -f "$data/hcc.sqlite3" ] || fail "no database in $data"
[ -z "$(find "$program" -name '*.sqlite3' -o -name 'logs' -o -name 'backups')" ] || fail "data written next to the program"
hcc check || fail "check after init"
hcc version

step "silent upgrade over the installed version"
echo "upgrade marker" > "$data/keep-me.txt"
install
[ -f "$data/keep-me.txt" ] || fail "the upgrade touched the data folder"
hcc init | grep -q "đã có tài khoản" || fail "the account is gone after the upgrade"
hcc check || fail "check after upgrade"
self_test

step "silent uninstall keeps the data"
win "$program/uninstall.exe" /S || fail "uninstaller exit code $?"
wineserver -w
[ ! -e "$program/pkgs" ] && [ ! -e "$program/Python" ] || fail "program files left in $program"
[ ! -e "$shortcut" ] || fail "shortcut left"
user_path | grep -qi 'Programs\\HCC Desktop\\bin' && fail "PATH still names the program"
[ -f "$data/hcc.sqlite3" ] && [ -f "$data/keep-me.txt" ] || fail "the data folder was removed"
ls "$data"

step "install again, then uninstall /PURGE removes the data"
install
hcc check || fail "check on the kept data after reinstalling"
win "$program/uninstall.exe" /S /PURGE || fail "uninstaller exit code $?"
wineserver -w
[ ! -e "$data" ] || fail "/PURGE left the data folder"
[ ! -e "$program/Python" ] || fail "program files left"
wineserver -k 2>/dev/null || true
echo "Smoke test passed in $(( $(date +%s) - started )) s: $installer"
