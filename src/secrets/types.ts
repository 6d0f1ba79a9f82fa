// The lab's secrets as renderers see them (decrypted, in memory only): the Talos secrets bundle in the layout of
// `talosctl gen secrets`, the talosconfig admin client derived from it, and optional operator-supplied keys.

/** A certificate and its private key, both PEM text (the bundle YAML stores them base64-encoded). */
export interface CertAndKey {
  readonly crt: string;
  readonly key: string;
}

/** Mirrors Talos's secrets.Bundle (pkg/machinery/config/generate/secrets): field names are camelCased here. */
export interface TalosSecretsBundle {
  readonly cluster: {
    /** 32 random bytes, base64url with padding (Talos's cluster id). */
    readonly id: string;
    /** 32 random bytes, standard base64. */
    readonly secret: string;
  };
  readonly secrets: {
    /** [a-z0-9]{6}.[a-z0-9]{16} */
    readonly bootstrapToken: string;
    /** 32 random bytes, standard base64. */
    readonly secretboxEncryptionSecret: string;
  };
  readonly trustdInfo: {
    /** [a-z0-9]{6}.[a-z0-9]{16} */
    readonly token: string;
  };
  readonly certs: {
    /** ECDSA P-256 CA (SEC1 "EC PRIVATE KEY"). */
    readonly etcd: CertAndKey;
    /** ECDSA P-256 CA. */
    readonly k8s: CertAndKey;
    /** ECDSA P-256 CA (front proxy). */
    readonly k8sAggregator: CertAndKey;
    /** RSA-4096 PKCS#1 ("RSA PRIVATE KEY"). */
    readonly k8sServiceAccount: { readonly key: string };
    /** Ed25519 CA of the Talos API ("ED25519 PRIVATE KEY", PKCS#8 inside). */
    readonly os: CertAndKey;
  };
}

export interface TalosSecrets {
  readonly bundle: TalosSecretsBundle;
  /** os:admin client certificate for talosconfig, derived deterministically from the bundle (see derive.ts). */
  readonly adminClient: CertAndKey;
}

export interface LabSecrets {
  /** Talos secrets; undefined only where a caller renders without secrets (then no machine configs are rendered). */
  readonly talos?: TalosSecrets;
  /** Tailscale auth key for the gateway node; without it the gateway's tailscale waits for an interactive login. */
  readonly tailscaleAuthKey?: string;
}
