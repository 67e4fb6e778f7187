# shellcheck shell=bash
# Common environment for Greenlight scripts. Source it; do not execute it.
#   . "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

# Repo root = two levels above this file (scripts/lib/env.sh).
GREENLIGHT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export GREENLIGHT_ROOT
GREENLIGHT_BUILD="${GREENLIGHT_BUILD:-$GREENLIGHT_ROOT/build}"
# Absolute, since scripts cd around (e.g. configure --prefix).
case "$GREENLIGHT_BUILD" in /*) ;; *) GREENLIGHT_BUILD="$PWD/$GREENLIGHT_BUILD" ;; esac
export GREENLIGHT_BUILD

# Debian's emscripten loads acorn & co. from /usr/share/nodejs; node only looks
# there through NODE_PATH. Append once, keeping whatever the caller had.
case ":${NODE_PATH:-}:" in
  *:/usr/share/nodejs:*) ;;
  *) export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs" ;;
esac

# Third-party test data (docs/testing.md): one absolute folder for every suite, whatever directory a suite runs
# in. A relative GREENLIGHT_TESTDATA_DIR is taken from the repository root; the folder may be missing.
GREENLIGHT_TESTDATA_DIR="$(cd "$GREENLIGHT_ROOT" && realpath -m "${GREENLIGHT_TESTDATA_DIR:-../shared/testdata}")"
export GREENLIGHT_TESTDATA_DIR
