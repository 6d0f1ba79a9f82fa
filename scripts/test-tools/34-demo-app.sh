#!/usr/bin/env bash
# The demo Spin app's build and run tooling (demo/hello-spin): @spinframework/build-tools (j2w, componentize-js with
# its StarlingMonkey engine inside the npm package), the wasi-http WIT package, esbuild and jco (the WebAssembly
# runtime the demo test serves the component with). Pinned by demo/hello-spin/package-lock.json; `npm ci` only when
# the lock changed since the last install (stamp inside node_modules).
set -euo pipefail
root="${MOONLAB_ROOT:?run through scripts/install-test-tools.sh}"
app="$root/demo/hello-spin"
node="$("$root/scripts/ensure-node.sh")"
export PATH="$(dirname "$node"):$PATH"
stamp="$app/node_modules/.moonlab-lock.sha256"
want="$(sha256sum "$app/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "  demo app tooling: present (lock $want)" >&2
else
  ( cd "$app" && npm ci --no-audit --no-fund --loglevel=error >&2 )
  echo "$want" >"$stamp"
fi
# The tests find tools in $MOONLAB_TOOLS/bin: jco (the WebAssembly runtime) and j2w from the demo's node_modules.
for exe in jco j2w; do ln -sfn "$app/node_modules/.bin/$exe" "${MOONLAB_TOOLS:?}/bin/$exe"; done
( cd "$app" && echo "  demo app tooling: $(node -p 'const l=require("./package-lock.json").packages;["@spinframework/build-tools","@spinframework/wasi-http-proxy","@bytecodealliance/jco","esbuild"].map(n=>n+"@"+l["node_modules/"+n].version).join(" ")')" >&2 )
