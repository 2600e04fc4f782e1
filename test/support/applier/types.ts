// The applier's public option and state types, and ApplierError, which it raises for
// everything it refuses (engine errors surface as DockerApiError or wrapped in ApplierError).
export interface ApplyOptions {
  /** Values for `variable` blocks (like -var). Undeclared names throw. */
  readonly variables?: Record<string, string>;
  /** Progress messages; never receives variable values. */
  readonly log?: (msg: string) => void;
  /** Used when the provider block has no `host`. @default DOCKER_HOST (unix://) or /var/run/docker.sock */
  readonly dockerSocket?: string;
  /** Concurrent resource operations, like terraform's -parallelism. @default 10 */
  readonly parallelism?: number;
  /**
   * Build every docker_image (and what it depends on) before creating anything else, so that
   * health waits are not spent while other images build (see index.ts). @default true
   */
  readonly buildImagesFirst?: boolean;
  /** On a failed apply, destroy what was created before rethrowing. @default true */
  readonly destroyOnFailure?: boolean;
  /**
   * Directory Terraform would run in (cdktf.out/stacks/<stack>); defaults to the directory of
   * the cdk.tf.json path. Only used to refuse a relative build.dockerfile that the provider
   * would resolve against it (see applyImage).
   */
  readonly workingDir?: string;
  /** Deadline for `attach` (SDKv2's default create timeout). @default 20 min */
  readonly attachTimeoutMs?: number;
}

export interface ResourceState {
  readonly type: string;
  readonly name: string;
  id: string;
  attrs: Record<string, unknown>;
}

/** Every error the applier raises for something it refuses or that fails. */
export class ApplierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplierError';
  }
}

export function fail(msg: string): never {
  throw new ApplierError(msg);
}
