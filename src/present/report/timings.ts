// The timings section: the boot chain measured by `moonlab rehearse` / `moonlab bench-boot` (recorded under
// .moonlab/<lab>/timings/), each with what booted. Nothing is shown that was not measured.
import type { Element } from "hast";
import { h, table } from "../html/page.ts";
import type { LabView } from "../lab-view.ts";

export function timingsSection(v: LabView): Element {
  const t = [...v.records.timings].reverse();
  const rows = t.flatMap((r) =>
    r.nodes.map((n) => [
      h("code", r.recordedAt),
      r.source,
      r.against,
      h("code", n.name),
      n.firmware,
      n.seconds !== undefined ? `${n.seconds.toFixed(1)} s` : "no phone-home",
      n.ok ? "booted" : "FAILED",
    ]),
  );
  const bench = t.filter((r) => r.bench !== undefined);
  return h("section", { id: "timings", "aria-labelledby": "timings-h" }, [
    h("h2", { id: "timings-h" }, "Timings"),
    h("h3", "Boot chain"),
    rows.length === 0
      ? h("p", [
          `No boot timings recorded for lab ${v.plan.lab}. `,
          h("code", "sudo moonlab rehearse"),
          " and ",
          h("code", "sudo moonlab bench-boot"),
          ` record them under .moonlab/${v.plan.lab}/timings/ (the rehearsal lab is examples/local.lab.yaml).`,
        ])
      : table(
          "qemu start to phone-home through the boot chain, newest first",
          ["recorded", "by", "what booted", "node", "firmware", "time", "outcome"],
          rows,
        ),
    ...(bench.length > 0
      ? [
          table(
            "bench-boot: the netboot chain vs a direct -kernel boot of the same payload",
            ["recorded", "node", "firmware", "netboot chain", "direct", "ratio"],
            bench.map((r) => {
              const b = r.bench as NonNullable<typeof r.bench>;
              return [
                h("code", r.recordedAt),
                h("code", b.node),
                b.firmware,
                `${b.chainSeconds.toFixed(1)} s`,
                `${b.directSeconds.toFixed(1)} s`,
                `${b.ratio.toFixed(2)}x`,
              ];
            }),
          ),
        ]
      : []),
    h("h3", "Bring-up steps"),
    ...(v.records.bringUps.length === 0
      ? [
          h("p", [
            `No bring-up recorded for lab ${v.plan.lab}: `,
            h("code", "moonlab up"),
            " and ",
            h("code", "moonlab wake"),
            ` record their steps under .moonlab/${v.plan.lab}/bring-up/.`,
          ]),
        ]
      : [...v.records.bringUps].reverse().map((b) =>
          table(
            `moonlab ${b.command} at ${b.recordedAt} against ${b.against}: ${b.seconds.toFixed(1)} s`,
            ["after", "step"],
            b.steps.map((st) => [`${st.seconds.toFixed(1)} s`, st.line]),
          ),
        )),
  ]);
}
