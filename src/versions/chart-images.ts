// Images the charts the rendered GitOps tree installs run (the tree names the chart, not its images): pinned with
// the chart version, read from each chart's values at that version.
import type { ReleaseImage } from "./release-images.ts";

export interface ChartImages {
  /** chart reference as the rendered tree names it */
  readonly chart: string;
  readonly version: string;
  readonly images: readonly ReleaseImage[];
}

export const CHART_IMAGES: readonly ChartImages[] = [
  {
    chart: "oci://ghcr.io/spinframework/charts/spin-operator",
    version: "0.6.1",
    images: [
      {
        component: "spinkube/spin-operator",
        image: "ghcr.io/spinframework/spin-operator:v0.6.1",
        // The chart's tag defaults to .Chart.AppVersion, bumped to the chart version when released.
        source:
          "spinframework/spin-operator v0.6.1 charts/spin-operator/values.yaml: controllerManager.manager.image.repository, tag = appVersion",
      },
    ],
  },
  {
    chart: "https://charts.crossplane.io/stable/crossplane",
    version: "2.3.1",
    images: [
      {
        component: "harvey/crossplane",
        image: "xpkg.crossplane.io/crossplane/crossplane:v2.3.1",
        source: "crossplane chart 2.3.1 values.yaml: image.repository, tag = appVersion",
      },
    ],
  },
];
