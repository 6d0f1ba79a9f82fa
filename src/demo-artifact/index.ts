// OCI artifacts moonlab builds: the demo Spin app (component build, Spin OCI artifact) and images of plain files
// (the Moonlander controller bundle); image layout, registry push/pull.
export * from "./component.ts";
export * from "./demo-app.ts";
export * from "./digest.ts";
export * from "./file-image.ts";
export * from "./oci-layout.ts";
export * from "./reference.ts";
export * from "./registry-client.ts";
export * from "./spin-artifact.ts";
