// talos-validate loads Talos machine configs with Talos's own config loader (pkg/machinery, pinned to the lab's
// Talos version in go.mod) and runs its validation in metal mode, as `talosctl validate --mode metal` does.
// Usage: talos-validate [-strict] FILE...   Prints one JSON line per file; exits 1 when any file is invalid.
//
//	talos-validate -secrets FILE         Loads a `talosctl gen secrets` bundle with Talos's own loader, validates
//	                                     it, signs an admin client cert with its os CA and generates + validates
//	                                     a control-plane config from it (the way `talosctl gen config
//	                                     --with-secrets` does). Prints one JSON object; exits 1 when unusable.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"github.com/siderolabs/talos/pkg/machinery/config/generate"
	"github.com/siderolabs/talos/pkg/machinery/config/generate/secrets"
	"github.com/siderolabs/talos/pkg/machinery/config/machine"
	"github.com/siderolabs/talos/pkg/machinery/config/validation"
	"github.com/siderolabs/talos/pkg/machinery/constants"
	"github.com/siderolabs/talos/pkg/machinery/role"
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

type secretsResult struct {
	File           string `json:"file"`
	OK             bool   `json:"ok"`
	ClusterID      string `json:"clusterId,omitempty"`
	BootstrapToken string `json:"bootstrapToken,omitempty"`
	TrustdToken    string `json:"trustdToken,omitempty"`
	// The os CA certificate (PEM) as Talos parsed it, and the one in the config Talos generated from the bundle.
	OSCACrt          string `json:"osCaCrt,omitempty"`
	GeneratedOSCACrt string `json:"generatedOsCaCrt,omitempty"`
	AdminCrt         string `json:"adminCrt,omitempty"`
	Error            string `json:"error,omitempty"`
}

func checkSecrets(path string) secretsResult {
	r := secretsResult{File: path}
	bundle, err := secrets.LoadBundle(path)
	if err != nil {
		r.Error = "load: " + err.Error()
		return r
	}
	if err = bundle.Validate(); err != nil {
		r.Error = "validate: " + err.Error()
		return r
	}
	r.ClusterID = bundle.Cluster.ID
	r.BootstrapToken = bundle.Secrets.BootstrapToken
	r.TrustdToken = bundle.TrustdInfo.Token
	r.OSCACrt = string(bundle.Certs.OS.Crt)
	admin, err := bundle.GenerateTalosAPIClientCertificate(role.MakeSet(role.Admin))
	if err != nil {
		r.Error = "sign admin client with the os CA: " + err.Error()
		return r
	}
	r.AdminCrt = string(admin.Crt)
	in, err := generate.NewInput("moonlab-check", "https://10.0.0.1:6443", constants.DefaultKubernetesVersion,
		generate.WithSecretsBundle(bundle), generate.WithInstallDisk("/dev/sda"))
	if err != nil {
		r.Error = "generate input: " + err.Error()
		return r
	}
	cfg, err := in.Config(machine.TypeControlPlane)
	if err != nil {
		r.Error = "generate config: " + err.Error()
		return r
	}
	if _, err = cfg.Validate(metalMode{}, validation.WithLocal(), validation.WithStrict()); err != nil {
		r.Error = "validate generated config: " + err.Error()
		return r
	}
	r.GeneratedOSCACrt = string(cfg.Machine().Security().IssuingCA().Crt)
	r.OK = true
	return r
}

func main() {
	strict := flag.Bool("strict", false, "treat warnings as errors")
	secretsFile := flag.String("secrets", "", "check a talosctl gen secrets bundle instead of machine configs")
	flag.Parse()
	if *secretsFile != "" {
		r := checkSecrets(*secretsFile)
		if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if !r.OK {
			os.Exit(1)
		}
		return
	}
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
