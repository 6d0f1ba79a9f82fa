// The shape of a pinned release's image table (generated tables live beside it, one per release).
export interface ReleaseImage {
  /** `<class>/<package>` in the release, e.g. system/metallb. */
  readonly component: string;
  /** Fully qualified reference, as the chart values pin it. */
  readonly image: string;
  /** Values file and key that set it. */
  readonly source: string;
}

export interface ReleaseImages {
  readonly version: string;
  /** Where the table was read from, when, and why from there. */
  readonly provenance: string;
  readonly images: readonly ReleaseImage[];
}
