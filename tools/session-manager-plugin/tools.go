//go:build tools

// Package tools pins AWS's session-manager-plugin for the tests (scripts/test-tools/38-session-manager-plugin.sh):
// its module has no requirements in its go.mod (upstream builds it from a vendor tree the module proxy does not
// serve), so this module names them. github.com/twinj/uuid is held at a 2015 commit (the plugin uses its old API: v1.0.0
// made UUID an array, and the plugin does not build against it).
package tools

import _ "github.com/aws/session-manager-plugin/src/sessionmanagerplugin-main"
