#!/usr/bin/env bash
# Python programs the tests run (PyPI), each in its own venv so their dependency pins cannot clash; pinned versions.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
install() { # name, pip spec, executables...
  local name="$1" spec="$2"; shift 2
  local venv="$tools/venv-$name" stamp="$tools/venv-$name/.moonlab-$spec"
  if [ ! -f "$stamp" ]; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "$spec" >&2
    touch "$stamp"
  fi
  for exe in "$@"; do ln -sf "$venv/bin/$exe" "$tools/bin/$exe"; done
}
install cfn-lint "cfn-lint==1.58.0" cfn-lint
install checkov "checkov==3.3.30" checkov
install moto "moto[server]==5.2.5" moto_server
