#!/usr/bin/env bash
# Check the Authenticode signatures of an unpacked Windows embeddable CPython (osslsigncode).
#   verify-python.sh DIR EXPECTED_VERSION
# Every program, library and extension module must carry a valid signature of the Python
# Software Foundation chaining to a root pinned in installer/trust/ (the chain is checked
# at the signature's timestamp), and python.exe must name the expected release. The two
# Visual C++ runtime DLLs are signed by Microsoft with a root not available offline: their
# signature must match their content and name Microsoft Corporation. Only the three
# unsigned files of the distribution (the standard library zip, the path file, the
# licence) may be present besides; anything else fails. Exit status 0 only if all pass.
set -eu  # no pipefail: the pipelines below stop reading early on purpose
dir="$1"
version="$2"
here="$(cd "$(dirname "$0")" && pwd)"

# The pinned roots, checked against their published SHA-256 fingerprints before use.
declare -A ROOTS=(
  [microsoft-identity-verification-root-2020.pem]=5367F20C7ADE0E2BCA790915056D086B720C33C1FA2A2661ACF787E3292E1270
  [digicert-trusted-root-g4.pem]=552F7BDCF1A7AF9E6CE672017F4F12ABF77240C78E761AC203D1D9D20AC89988
)
roots="$(mktemp)"
trap 'rm -f "$roots"' EXIT
for name in "${!ROOTS[@]}"; do
  got="$(openssl x509 -in "$here/trust/$name" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g')"
  [ "$got" = "${ROOTS[$name]}" ] || { echo "trust/$name: fingerprint $got is not the pinned one" >&2; exit 1; }
  cat "$here/trust/$name" >> "$roots"
done

# osslsigncode >= 2.6 would fetch revocation lists unless told not to (no network here; the
# timestamped chain is what Windows checks for an expired signing certificate too).
ignore_crl=()
[[ "$(osslsigncode verify --help 2>&1 || true)" == *-ignore-crl* ]] && ignore_crl=(-ignore-crl)

signer() {  # the subject of the certificate that signed $1
  osslsigncode verify -in "$1" "${ignore_crl[@]}" 2>/dev/null \
    | sed -n '/Signer.s certificate:/,$p' | grep -m1 'Subject:' | sed 's/.*Subject: *//'
}

failed=0
checked=0
shopt -s nullglob nocaseglob
for file in "$dir"/*; do
  name="$(basename "$file")"
  case "${name,,}" in
    vcruntime140.dll|vcruntime140_1.dll)
      out="$(osslsigncode verify -in "$file" "${ignore_crl[@]}" 2>&1 || true)"
      current="$(sed -n 's/^Current message digest *: *//p' <<<"$out" | head -1 | tr -d ' ')"
      calculated="$(sed -n 's/^Calculated message digest *: *//p' <<<"$out" | head -1 | tr -d ' ')"
      if [ -z "$current" ] || [ "$current" != "$calculated" ] || [[ "$(signer "$file")" != */O=Microsoft\ Corporation/* ]]; then
        echo "FAILED $name: no intact Microsoft signature" >&2; failed=1
      fi ;;
    *.exe|*.dll|*.pyd|*.cat)
      if ! osslsigncode verify -in "$file" -CAfile "$roots" -TSA-CAfile "$roots" "${ignore_crl[@]}" >/dev/null 2>&1; then
        echo "FAILED $name: signature does not verify" >&2; failed=1
      elif [[ "$(signer "$file")" != */O=Python\ Software\ Foundation/CN=Python\ Software\ Foundation ]]; then
        echo "FAILED $name: not signed by the Python Software Foundation ($(signer "$file"))" >&2; failed=1
      fi ;;
    python3*.zip|python3*._pth|license.txt) continue ;;
    *) echo "FAILED $name: unexpected file in the embeddable distribution" >&2; failed=1; continue ;;
  esac
  checked=$((checked + 1))
done

release="$(osslsigncode verify -in "$dir/python.exe" "${ignore_crl[@]}" 2>/dev/null | sed -n 's/.*Text description: *//p' | head -1)"
if [[ "$release" != "Built: Release_v${version}_"* ]]; then
  echo "FAILED python.exe: built as '$release', expected CPython $version" >&2; failed=1
fi
[ "$checked" -ge 30 ] || { echo "FAILED: only $checked signed files found in $dir" >&2; failed=1; }
[ "$failed" -eq 0 ] || exit 1
echo "Signatures verified: $checked files of CPython $version ($release)"
