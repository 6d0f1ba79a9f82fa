// BastionPort: what live checks read on the bastion (over SSH, SSM, or locally for `rehearse`).
export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BastionPort {
  /** Runs a command on the bastion. */
  exec(command: string): Promise<ExecResult>;
  /** Reads a file on the bastion; undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  /** Resolves a name through the bastion's DNS service (Pi-hole), returning the A records. */
  resolve(name: string): Promise<readonly string[]>;
}
