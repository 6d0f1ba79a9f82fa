import { awsModes, seenIn } from "../aws-modes.ts";
import { defineCheck, verdict } from "../check.ts";

export default defineCheck(import.meta.url, {
  test: "T01",
  title: "No NAT gateway",
  given: "a spec with target aws",
  when: "the AWS stack is rendered or deployed",
  then: "the lab has no NAT gateway",
  why: "A NAT gateway costs ~$0.048/h (~$35/month) plus data: more than the lab's whole budget. Nodes use IPv6 and the bastion caches.",
  ...awsModes((_plan, lab) =>
    verdict(
      lab.natGateways.map((n) => `NAT gateway ${n.id} exists (${seenIn(lab)})`),
      [`no NAT gateway (${seenIn(lab)})`],
    ),
  ),
});
