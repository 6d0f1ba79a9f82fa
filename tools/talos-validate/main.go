// talos-validate loads Talos machine configs with Talos's own config loader (pkg/machinery, pinned to the lab's
// Talos version in go.mod) and runs its validation in metal mode, as `talosctl validate --mode metal` does.
// Usage: talos-validate [-strict] FILE...   Prints one JSON line per file; exits 1 when any file is invalid.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"github.com/siderolabs/talos/pkg/machinery/config/validation"
)

// metalMode is the runtime mode of a bare-metal (netbooted) node: it installs to disk and is not a container.
type metalMode struct{}

func (metalMode) String() string        { return "metal" }
func (metalMode) RequiresInstall() bool { return true }
func (metalMode) InContainer() bool     { return false }

type result struct {
	File     string   `json:"file"`
	OK       bool     `json:"ok"`
	Kind     string   `json:"machineType,omitempty"`
	Docs     []string `json:"documents,omitempty"`
	Warnings []string `json:"warnings"`
	Error    string   `json:"error,omitempty"`
}

func validate(path string, strict bool) result {
	r := result{File: path, Warnings: []string{}}
	data, err := os.ReadFile(path)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	cfg, err := configloader.NewFromBytes(data)
	if err != nil {
		r.Error = "load: " + err.Error()
		return r
	}
	for _, d := range cfg.Documents() {
		r.Docs = append(r.Docs, d.Kind())
	}
	if cfg.Machine() != nil {
		r.Kind = cfg.Machine().Type().String()
	}
	opts := []validation.Option{validation.WithLocal()}
	if strict {
		opts = append(opts, validation.WithStrict())
	}
	warnings, err := cfg.Validate(metalMode{}, opts...)
	r.Warnings = append(r.Warnings, warnings...)
	if err != nil {
		r.Error = "validate: " + err.Error()
		return r
	}
	r.OK = true
	return r
}

func main() {
	strict := flag.Bool("strict", false, "treat warnings as errors")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: talos-validate [-strict] FILE...")
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	failed := false
	for _, f := range flag.Args() {
		r := validate(f, *strict)
		failed = failed || !r.OK
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if failed {
		os.Exit(1)
	}
}
