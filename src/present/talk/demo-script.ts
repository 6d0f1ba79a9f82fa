// The demo script: the exact commands to type, in order, with what each should show (figures from the plan, the
// cost model and the plan-mode results), and the fallback when the cloud misbehaves: the rehearsal lab in network
// namespaces and the home render, which need no AWS account.

import { summarize } from "../../checks/result.ts";
import { usd } from "../../cost-model/format.ts";
import { stackName } from "../../render/aws/names.ts";
import { outDirOf } from "../../render/out-dir.ts";
import { costOf, type LabView } from "../lab-view.ts";

export interface DemoStep {
  readonly command: string;
  readonly shows: string;
}

export interface DemoScript {
  readonly main: readonly DemoStep[];
  readonly fallback: readonly DemoStep[];
}

export function demoScript(v: LabView, specPath: string | undefined): DemoScript {
  const p = v.plan;
  const spec = specPath === undefined ? "" : ` --spec ${specPath}`;
  const s = summarize(v.results);
  const cost = costOf(v);
  const nodes = p.nodes.map((n) => `${n.name} ${n.address}`).join(", ");
  const common: DemoStep[] = [
    {
      command: `./moonlab validate${spec}`,
      shows: `the spec of lab ${p.lab} is valid (a broken one lists every problem with its path and fix, exit 2)`,
    },
    {
      command: `./moonlab plan${spec}`,
      shows: `${v.artifacts.size} files rendered to out/${p.lab}/; plan mode: ${s.passed} checks pass, ${s.failed} fail, ${s.notApplicable} not applicable`,
    },
    { command: `./moonlab explain T09`, shows: "what the no-public-exposure checks assert and why" },
  ];
  const aws: DemoStep[] = [
    {
      command: `./moonlab cost${spec}`,
      shows: `${usd(cost.atRest.totalUsd)} a month at rest, ${usd(cost.session.totalUsd)} a session, ${usd(cost.month.totalUsd)} a month; NAT gateway ${usd(cost.comparisons.natGateway.monthUsd)}, EKS ${usd(cost.comparisons.eks.monthUsd)}, always on ${usd(cost.comparisons.alwaysOn.monthUsd)} (prices of ${cost.pricesAsOf})`,
    },
    {
      command: `./moonlab up${spec}`,
      shows: `the CloudFormation change set, then stack ${stackName(p.lab)} in ${p.region} (VPC ${p.network.cidr}, nothing running yet)`,
    },
    {
      command: `./moonlab wake${spec}`,
      shows: `the bastion at ${p.bastion.address} and the nodes start (${nodes}); they netboot iPXE -> matchbox -> Talos`,
    },
    {
      command: `./moonlab bastion push${spec}`,
      shows: "the machine configs land on the bastion over SSH (never in the rendered tree)",
    },
    {
      command: `./moonlab test --live${spec}`,
      shows: `the live checks against AWS, the bastion and the cluster; the run is kept under .moonlab/${p.lab}/runs/`,
    },
    {
      command: `./moonlab report${spec}`,
      shows: `${outDirOf(undefined, p.lab)}/report/index.html: the diagram, every test with its evidence and the run history`,
    },
    {
      command: `./moonlab sleep${spec}`,
      shows: `everything stops; the lab costs ${usd(cost.atRest.totalUsd)} a month at rest`,
    },
  ];
  const home: DemoStep[] = [
    {
      command: `./moonlab bastion push${spec} --bastion-ssh ${p.bastion.sshUser}@${p.bastion.address}`,
      shows: `the bastion at ${p.bastion.address} gets dnsmasq (${p.network.dhcp.mode}), matchbox and the caches`,
    },
    { command: "power on the nodes (PXE first)", shows: `${nodes} netboot PXE -> iPXE -> matchbox -> Talos` },
    {
      command: `./moonlab test --live${spec} --bastion-ssh ${p.bastion.sshUser}@${p.bastion.address}`,
      shows: `the live checks from the bastion; the run is kept under .moonlab/${p.lab}/runs/`,
    },
    { command: `./moonlab report${spec}`, shows: `${outDirOf(undefined, p.lab)}/report/index.html` },
  ];
  const local: DemoStep[] = [
    {
      command: `sudo ./moonlab rehearse${spec}`,
      shows: `dnsmasq, matchbox and the caches in a network namespace; ${p.nodes.length} qemu VMs netboot through them and phone home; live T03/T04 pass`,
    },
    {
      command: `./moonlab report${spec}`,
      shows: `${outDirOf(undefined, p.lab)}/report/index.html with the boot timings`,
    },
  ];
  return {
    main: [...common, ...(p.target === "aws" ? aws : p.target === "home" ? home : local)],
    fallback: [
      {
        command: "sudo ./moonlab rehearse --spec examples/local.lab.yaml",
        shows:
          "no cloud: the same bastion bundle in a network namespace; qemu VMs netboot through dnsmasq -> iPXE -> matchbox and phone home (about 30 s each under TCG)",
      },
      {
        command: "./moonlab report --spec examples/local.lab.yaml",
        shows: "the rehearsal lab's report: its diagram, live T03/T04 results and boot timings",
      },
      {
        command: "./moonlab plan --spec examples/home.lab.yaml",
        shows: "the same lab for the home network: proxy-DHCP, nodes by MAC, MetalLB pool",
      },
      {
        command: "open the backup slides (this deck printed to PDF)",
        shows: "cost, architecture and the last recorded results, offline",
      },
    ],
  };
}

/** The demo script as Markdown (talk/demo-script.md), to print or keep beside the laptop. */
export function demoScriptMarkdown(lab: string, d: DemoScript): string {
  const steps = (list: readonly DemoStep[]) =>
    list.map((s, i) => `${i + 1}. \`${s.command}\`\n   shows: ${s.shows}`).join("\n");
  return `# Demo script: lab ${lab}\n\nType these in order; each line says what the audience should see.\n\n${steps(d.main)}\n\n## When the cloud misbehaves\n\n${steps(d.fallback)}\n`;
}
