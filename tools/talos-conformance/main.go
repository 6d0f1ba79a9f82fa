// talos-conformance generates the machine config Talos's own machinery (pkg/machinery/config/generate, pinned in
// go.mod to the lab's Talos) would write for the same inputs as a moonlab node config: the same secrets bundle,
// cluster name, endpoint, Talos version contract, install disk and image, then the given strategic-merge patches
// (the documented CozyStack settings) applied with Talos's own configpatcher, as `talosctl gen config
// --with-secrets ... --config-patch` does. moonlab's test diffs the result against its rendered config, so a
// default that `talosctl gen config` turns on and moonlab leaves out (KubePrism was one) shows up as a difference.
//
// Usage: talos-conformance -secrets FILE -cluster-name NAME -endpoint URL -talos-version vX.Y.Z
//
//	-type controlplane|worker -install-disk DISK -install-image REF [-kubernetes-version V] [-patch FILE]...
//
// Prints the generated config (multi-document YAML, no comments) on stdout; exits 1 with the reason on stderr.
//
//	talos-conformance -kernel-args VERSION   Prints, as a JSON array, the default kernel arguments Talos's imager
//	                                         writes for that Talos version (kernel.DefaultArgs with its quirks).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/config/configpatcher"
	"github.com/siderolabs/talos/pkg/machinery/config/encoder"
	"github.com/siderolabs/talos/pkg/machinery/config/generate"
	"github.com/siderolabs/talos/pkg/machinery/config/generate/secrets"
	"github.com/siderolabs/talos/pkg/machinery/config/machine"
	"github.com/siderolabs/talos/pkg/machinery/constants"
	"github.com/siderolabs/talos/pkg/machinery/imager/quirks"
	"github.com/siderolabs/talos/pkg/machinery/kernel"
)

type patchList []string

func (p *patchList) String() string     { return strings.Join(*p, ",") }
func (p *patchList) Set(v string) error { *p = append(*p, v); return nil }

func run() ([]byte, error) {
	secretsFile := flag.String("secrets", "", "talosctl gen secrets bundle")
	clusterName := flag.String("cluster-name", "", "cluster name")
	endpoint := flag.String("endpoint", "", "Kubernetes API endpoint URL")
	talosVersion := flag.String("talos-version", "", "Talos version (the config's version contract)")
	kubernetesVersion := flag.String("kubernetes-version", constants.DefaultKubernetesVersion, "Kubernetes version")
	kind := flag.String("type", "controlplane", "machine type: controlplane or worker")
	installDisk := flag.String("install-disk", "", "install disk")
	installImage := flag.String("install-image", "", "installer image")
	kernelArgs := flag.String("kernel-args", "", "print the default kernel arguments of this Talos version")
	var patches patchList
	flag.Var(&patches, "patch", "strategic merge patch file (repeatable, applied in order)")
	flag.Parse()
	if *kernelArgs != "" {
		b, err := json.Marshal(kernel.DefaultArgs(quirks.New(*kernelArgs)))
		return append(b, '\n'), err
	}
	if *secretsFile == "" || *clusterName == "" || *endpoint == "" || *talosVersion == "" {
		return nil, fmt.Errorf("-secrets, -cluster-name, -endpoint and -talos-version are required")
	}
	bundle, err := secrets.LoadBundle(*secretsFile)
	if err != nil {
		return nil, fmt.Errorf("load secrets: %w", err)
	}
	contract, err := config.ParseContractFromVersion(*talosVersion)
	if err != nil {
		return nil, fmt.Errorf("version contract: %w", err)
	}
	opts := []generate.Option{generate.WithSecretsBundle(bundle), generate.WithVersionContract(contract)}
	if *installDisk != "" {
		opts = append(opts, generate.WithInstallDisk(*installDisk))
	}
	if *installImage != "" {
		opts = append(opts, generate.WithInstallImage(*installImage))
	}
	in, err := generate.NewInput(*clusterName, *endpoint, *kubernetesVersion, opts...)
	if err != nil {
		return nil, fmt.Errorf("generate input: %w", err)
	}
	mt, err := machine.ParseType(*kind)
	if err != nil {
		return nil, err
	}
	cfg, err := in.Config(mt)
	if err != nil {
		return nil, fmt.Errorf("generate config: %w", err)
	}
	var contents []string
	for _, f := range patches {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		contents = append(contents, string(b))
	}
	loaded, err := configpatcher.LoadPatches(contents)
	if err != nil {
		return nil, fmt.Errorf("load patches: %w", err)
	}
	out, err := configpatcher.Apply(configpatcher.WithConfig(cfg), loaded)
	if err != nil {
		return nil, fmt.Errorf("apply patches: %w", err)
	}
	final, err := out.Config()
	if err != nil {
		return nil, fmt.Errorf("load patched config: %w", err)
	}
	return final.EncodeBytes(encoder.WithComments(encoder.CommentsDisabled))
}

func main() {
	b, err := run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "talos-conformance:", err)
		os.Exit(1)
	}
	if _, err = os.Stdout.Write(b); err != nil {
		os.Exit(2)
	}
}
