#!/usr/bin/env bash
# AWS's session-manager-plugin (the program `aws ssm start-session` runs; moonlab runs it for the keyless way into
# the bastion), built from its Go module github.com/aws/session-manager-plugin at the pseudo-version pinned in
# tools/session-manager-plugin/go.mod (`go list -m github.com/aws/session-manager-plugin@latest` when pinned), into
# .tools/go/bin. The module's own go.mod requires nothing (upstream builds from a vendor tree the proxy does not
# serve), so that go.mod and go.sum name its dependencies. The tests run it to check the argument contract
# (test/integration/bastion/session-plugin-contract.test.ts). Rebuilt only when the pin changes.
set -euo pipefail
tools="${MOONLAB_TOOLS:?}"
root="${MOONLAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
src="$root/tools/session-manager-plugin"
bin="$tools/go/bin/session-manager-plugin"
hash="$(cat "$src/tools.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)"
stamp="$tools/go/bin/.session-manager-plugin-$hash"
if [ -x "$bin" ] && [ -f "$stamp" ]; then exit 0; fi
go="$(command -v go || true)"
[ -n "$go" ] || { [ -x /usr/local/go/bin/go ] && go=/usr/local/go/bin/go; }
# Its dependencies (golang.org/x/*) need Go 1.26; GOTOOLCHAIN=auto fetches it when the installed one is older.
[ -n "$go" ] || { echo "session-manager-plugin needs Go (https://go.dev/dl/); none found" >&2; exit 1; }
mkdir -p "$tools/go/bin"
(
  cd "$src"
  export GOFLAGS=-mod=readonly CGO_ENABLED=0 GOTOOLCHAIN=auto
  "$go" build -trimpath -o "$bin" github.com/aws/session-manager-plugin/src/sessionmanagerplugin-main
)
rm -f "$tools/go/bin"/.session-manager-plugin-*
touch "$stamp"
echo "  session-manager-plugin $("$bin" --version) ($(grep -o 'session-manager-plugin v[^ ]*' "$src/go.mod" | head -1 | cut -d' ' -f2))" >&2
