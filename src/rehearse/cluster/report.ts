// Text of a cluster rehearsal report: what ran, what reconciled (with the controllers' own words and timings),
// what was not reconciled here and why, and the two benchmark figures (control plane ready, full rehearsal).
import type { MetallbReport } from "./metallb.ts";
import { LEG_NAMES } from "./moonlander-legs.ts";
import type { MoonlanderRoundTripReport } from "./moonlander-round-trip.ts";
import type { ClusterRehearsalReport, FluxStatus } from "./rehearse-cluster.ts";

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function line(f: FluxStatus): string {
  const verdict = f.ready === "True" ? "Ready" : `Ready=${f.ready}`;
  const when = f.readyAfterMs !== undefined ? ` after ${s(f.readyAfterMs)}` : "";
  const applied = f.applied !== undefined ? `, ${f.applied} objects applied` : "";
  const why = f.ready === "True" ? "" : ` (${f.reason}${f.message ? `: ${f.message}` : ""})`;
  return `  ${f.ref}: ${verdict}${when}${applied}${why}\n`;
}

function moonlanderLines(m: MoonlanderRoundTripReport): string[] {
  const out = [
    `Moonlander round trip (real controller as ${m.identity || "the tree's ServiceAccount"}; guest: ${m.guestServer}):\n`,
  ];
  for (const ref of m.appliedByRehearsal)
    out.push(`  applied by the rehearsal (its stage waits on CozyStack's tenant here): ${ref}\n`);
  for (const leg of m.legs) {
    out.push(`  ${leg.ok ? "ok" : "FAILED"} ${leg.name} (${(leg.ms / 1000).toFixed(1)} s): ${leg.what}\n`);
    for (const e of leg.evidence) out.push(`    ${e}\n`);
  }
  const notRun = LEG_NAMES.filter((n) => !m.legs.some((l) => l.name === n));
  if (notRun.length > 0) out.push(`  not run after the failure: ${notRun.join(", ")}\n`);
  return out;
}

function metallbLines(m: MetallbReport): string[] {
  if (!m.applicable) return [`MetalLB: not applicable: ${m.reason ?? ""}\n`];
  const out = [`MetalLB (${m.controller}):\n`];
  for (const x of m.standIns) out.push(`  created by the rehearsal for the controller: ${x}\n`);
  for (const leg of m.legs) {
    // An allocation by a running controller takes milliseconds: seconds with one decimal would print 0.0 s.
    const took = leg.ms < 1000 ? `${leg.ms} ms` : s(leg.ms);
    out.push(`  ${leg.ok ? "ok" : "FAILED"} ${leg.name} (${took}): ${leg.what}\n`);
    for (const e of leg.evidence) out.push(`    ${e}\n`);
  }
  return out;
}

export function renderClusterRehearsal(r: ClusterRehearsalReport): string {
  const out: string[] = [];
  out.push(`cluster rehearsal of lab ${r.lab} on a local control plane (${r.server}, real kube-apiserver v1.34.2)\n`);
  out.push(`kwok nodes (labels as the plan's nodes):\n`);
  for (const n of r.nodes)
    out.push(
      `  ${n.name}: ${Object.entries(n.labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}\n`,
    );
  out.push(`upstream CRDs: ${r.crdSets.map((c) => `${c.name} (${c.crds})`).join(", ")}\n`);
  out.push(`fleet repository: ${r.git.url} commit ${r.git.commit.slice(0, 12)}\n`);
  for (const m of r.git.mirrors) out.push(`  mirror: ${m}\n`);
  const acc = r.dryRun.objects.filter((o) => o.verdict === "accepted").length;
  const rej = r.dryRun.objects.filter((o) => o.verdict === "rejected");
  const nsh = r.dryRun.objects.filter((o) => o.verdict === "not-served-here");
  out.push(
    `server-side dry-run of ${r.dryRun.paths.length} Kustomization paths: ${acc} accepted, ${rej.length} rejected, ${nsh.length} not served here\n`,
  );
  for (const o of rej) out.push(`  REJECTED ${o.ref} (${o.path}): ${o.message}\n`);
  for (const o of nsh) out.push(`  not served here: ${o.ref}: ${o.message}\n`);
  if (r.dryRun.standInNamespaces.length > 0)
    out.push(`  namespaces CozyStack would create, created here: ${r.dryRun.standInNamespaces.join(", ")}\n`);
  out.push(`sources (source-controller v1.9.6):\n`);
  for (const f of r.sources) out.push(line(f));
  out.push(`Kustomizations (kustomize-controller v1.9.6):\n`);
  for (const f of r.kustomizations) out.push(line(f));
  out.push(...moonlanderLines(r.moonlander));
  out.push(...metallbLines(r.metallb));
  out.push(`not reconciled here (the controller does not run in a rehearsal):\n`);
  for (const n of r.notHere) out.push(`  ${n.kind} x${n.count}: ${n.why}\n`);
  const t = r.timings;
  out.push(
    `timings: control plane ready ${s(t.controlPlaneReadyMs)}, guest API server ${s(t.guestApiServerReadyMs)}, CRDs ${s(t.crdsMs)}, dry-run ${s(t.dryRunMs)}, Flux settled ${s(t.fluxSettledMs)}, Moonlander round trip done ${s(t.moonlanderMs)}${r.metallb.applicable ? `, MetalLB allocation done ${s(t.metallbMs)}` : ""} after the controllers started; full rehearsal ${s(t.totalMs)}\n`,
  );
  const lb = r.metallb.applicable
    ? `, and MetalLB's controller gave a Service shaped as the tree's ${r.metallb.address} from the pool`
    : "";
  const proved = `the tree validates server-side, the real Flux controllers fetched and applied it, Moonlander landed, followed and unlanded with the tree's RBAC${lb}`;
  out.push(`${r.ok ? "PASS" : "FAIL"}: ${r.ok ? proved : "see above"}\n`);
  return out.join("");
}
