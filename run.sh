#!/usr/bin/env bash
# One entry point for everything a user or CI does, on a fresh Debian machine as root.
#
#   ./run.sh video [build options]   set up what is missing, then render the whole explainer
#   ./run.sh test  [pytest options]  set up what is missing, then run the whole test suite
#
# Set-up is idempotent: system packages are installed with apt-get only when missing,
# the virtual environment (.venv) is created once and refreshed when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  pkg-config libcairo2-dev libpango1.0-dev          # manimpango is compiled by pip
  texlive-latex-base texlive-latex-recommended        # MathTex, Matrix, DecimalNumber
  texlive-latex-extra texlive-fonts-recommended dvisvgm
)
VENV=.venv
TORCH_VERSION=2.13.0    # CPU build for the parity tests; they skip cleanly without it
KERAS_VERSION=3.15.1    # on torch's backend, for the Conv2D parity test (skips without it)

log() { printf '\033[1m[run.sh]\033[0m %s\n' "$*" >&2; }

missing_apt_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

ensure_system() {
  local want=("${APT_PACKAGES[@]}")
  command -v gcc >/dev/null || want+=(build-essential)
  command -v python3 >/dev/null || want+=(python3)
  if command -v python3 >/dev/null; then
    python3 -c 'import ensurepip' 2>/dev/null || want+=(python3-venv)
    python3 -c 'import os, sysconfig; assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' \
      2>/dev/null || want+=(python3-dev)
  fi
  local missing
  missing=$(missing_apt_packages "${want[@]}")
  if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
      log "missing system packages: $(echo $missing). Run as root, or: sudo apt-get install $(echo $missing)"
      exit 1
    fi
    log "installing system packages: $(echo $missing)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    log "Python 3.11 or newer is needed; found $(python3 --version 2>&1)"; exit 1; }
}

ensure_venv() {
  local extras=$1 stamp
  stamp="$VENV/.installed-$extras-$(sha256sum pyproject.toml | cut -c1-16)"
  [ -x "$VENV/bin/python" ] || { log "creating $VENV"; python3 -m venv "$VENV"; }
  if [ ! -e "$stamp" ]; then
    log "installing the project with extras [$extras] into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[$extras]"
    touch "$stamp"
  fi
}

has_module() {     # installed, without the seconds an import of torch or keras takes
  "$VENV/bin/python" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$1') is None)"
}

ensure_parity_libraries() {
  has_module torch || {
    log "installing torch==$TORCH_VERSION (CPU) for the parity tests"
    "$VENV/bin/python" -m pip install -q "torch==$TORCH_VERSION" \
      || log "torch could not be installed: the PyTorch parity tests will be skipped"; }
  has_module keras || {
    log "installing keras==$KERAS_VERSION for the Keras parity test"
    "$VENV/bin/python" -m pip install -q "keras==$KERAS_VERSION" \
      || log "keras could not be installed: the Keras parity test will be skipped"; }
}

cmd=${1:-}
shift || true
case "$cmd" in
  video)
    ensure_system
    ensure_venv video,voice
    exec "$VENV/bin/python" -m scenes.build "$@"
    ;;
  test)
    ensure_system
    ensure_venv video,voice,dev
    ensure_parity_libraries
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./run.sh video [options] | ./run.sh test [pytest options]" >&2
    exit 2
    ;;
esac
