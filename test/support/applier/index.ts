// A strict, test-only applier for cdktf's cdk.tf.json against the local Docker engine.
//
// The Terraform docker provider cannot be downloaded on these machines, so the e2e lane
// applies the synthesized JSON with this applier instead. It does what kreuzwerker/docker
// 3.6.2 does for the attributes wsgiform emits (file:line references are to tag v3.6.2 of
// kreuzwerker/terraform-provider-docker) and throws on every resource type, attribute,
// expression or meta-argument it does not implement, so a test can never pass because
// something was silently ignored. `container_funcs.go:600` is short for
// internal/provider/resource_docker_container_funcs.go:600, and so on.
//
// Known, deliberate differences (timing or plumbing only, never what ends up running):
// - no 2 s Delay / 5 s MinTimeout in the network Read and Delete retries (1 s polls instead);
//   the container Read's 100 ms Delay before the must_run check is kept, it decides outcomes;
// - BuildKit builds go through POST /build?version=2 without a session (no build secrets);
// - before destroy only existence is refreshed (a vanished container just leaves state);
// - on a failed apply everything recorded is destroyed (Terraform would keep it, tainted);
// - a failed provider-faithful delete is followed by a forced removal, then reported;
// - every docker_image (with what it depends on) is built before anything else is created, as
//   an operator runs `terraform apply -target=docker_image...` first on a cold host: Terraform
//   would start containers while other images still build, and on a 2-core CI machine those
//   builds then eat the health-check window of the containers already started. Same result,
//   different timing; `buildImagesFirst: false` walks the whole graph at once instead.
import * as path from 'path';
import { DockerClient } from '../docker-api';
import { Plan, plan, PlannedResource } from './config';
import { ContainerCfg, createContainer, deleteContainer } from './container';
import { ApplyContext } from './context';
import { runDag } from './graph';
import { createImage, deleteImage, ImageCfg } from './image';
import { createNetwork, deleteNetwork, NetworkCfg } from './network';
import { normalize, Resolve } from './normalize';
import { block, SCHEMAS } from './schema';
import { ApplierError, ApplyOptions, fail, ResourceState } from './types';
import { createVolume, deleteVolume, VolumeCfg } from './volume';

// The public API is what test/support/applier.ts exported before it became this folder.
export { DockerApiError, DockerClient } from '../docker-api';
export { Plan, plan } from './config';
export { parseGoDuration } from './schema';
export { parseTemplate, Ref, Template } from './template';
export { ApplierError, ApplyOptions, ResourceState } from './types';
export { ustarSingleFile } from './ustar';
export { parseCanRegexCondition, re2ToJs } from './variables';

/** The images and everything they depend on, then the rest; each phase in `order`'s order. */
export function splitImagesFirst(
  order: readonly string[],
  resources: Plan['resources'],
  depsOf: (a: string) => string[],
): string[][] {
  const first = new Set<string>();
  const add = (a: string): void => {
    if (first.has(a)) return;
    first.add(a);
    depsOf(a).forEach(add);
  };
  for (const a of order) if (resources.get(a)?.type === 'docker_image') add(a);
  return [order.filter((a) => first.has(a)), order.filter((a) => !first.has(a))].filter((ph) => ph.length);
}

export class Applier {
  readonly state = new Map<string, ResourceState>();
  /** What the per-type create/delete functions share (engine client, state, creationTime). */
  private readonly ctx: ApplyContext;

  private constructor(
    readonly plan: Plan,
    opts: ApplyOptions,
  ) {
    this.ctx = {
      plan,
      opts,
      docker: new DockerClient(plan.socketPath),
      state: this.state,
      log: opts.log ?? ((): void => undefined),
      creationTime: undefined,
      createdImages: new Set<string>(),
    };
  }

  /** Plans (no engine access), then creates everything in dependency order. */
  static async apply(tfJson: object | string, opts: ApplyOptions = {}): Promise<Applier> {
    const workingDir =
      opts.workingDir ?? (typeof tfJson === 'string' ? path.dirname(path.resolve(tfJson)) : undefined);
    const p = plan(tfJson, opts);
    const applier = new Applier(p, { ...opts, workingDir });
    const depsOf = (a: string): string[] => [...(p.resources.get(a)?.deps ?? [])];
    const phases =
      opts.buildImagesFirst === false ? [p.order] : splitImagesFirst(p.order, p.resources, depsOf);
    try {
      for (const phase of phases)
        await runDag(phase, depsOf, (a) => applier.create(a), applier.ctx.opts.parallelism);
    } catch (e) {
      if (opts.destroyOnFailure === false) throw e;
      try {
        await applier.destroy();
      } catch (cleanup) {
        throw new ApplierError(
          `${(e as Error).message}\n(cleanup after the failed apply also failed: ${(cleanup as Error).message})`,
        );
      }
      throw e;
    }
    return applier;
  }

  /** Destroys in reverse dependency order; idempotent; removes everything it recorded. */
  async destroy(): Promise<void> {
    const addresses = [...this.state.keys()];
    const dependents = (a: string): string[] =>
      addresses.filter((b) => this.plan.resources.get(b)?.deps.has(a));
    const errors: string[] = [];
    await runDag(
      [...addresses].reverse(),
      dependents,
      async (a) => {
        try {
          await this.delete(a);
        } catch (e) {
          errors.push(`${a}: ${(e as Error).message}`);
          await this.forceRemove(a).catch((fe: Error) => errors.push(`${a} (forced cleanup): ${fe.message}`));
        }
        this.state.delete(a);
      },
      this.ctx.opts.parallelism,
      true,
    );
    if (errors.length)
      throw new ApplierError(`destroy: the provider's delete would have failed:\n${errors.join('\n')}`);
  }

  private config(address: string): Record<string, unknown> {
    const r = this.plan.resources.get(address);
    if (!r) throw new ApplierError(`unknown resource ${address}`);
    const resolve: Resolve = (ref) => {
      if (ref.kind === 'var')
        return this.plan.variables.get(ref.name) ?? fail(`${address}: undeclared var.${ref.name}`);
      const target = this.state.get(`${ref.type}.${ref.name}`);
      const v = target?.attrs[ref.attr];
      if (typeof v !== 'string')
        throw new ApplierError(
          `${address}: ${ref.type}.${ref.name}.${ref.attr} is not known (was it created?)`,
        );
      return v;
    };
    return normalize(r.body, block(SCHEMAS[r.type], false), address, resolve) as Record<string, unknown>;
  }

  private async create(address: string): Promise<void> {
    const r = this.plan.resources.get(address) as PlannedResource;
    const cfg = this.config(address);
    this.ctx.log(`creating ${address}`);
    const t0 = Date.now();
    switch (r.type) {
      case 'docker_image':
        await createImage(this.ctx, address, cfg as unknown as ImageCfg);
        break;
      case 'docker_network':
        await createNetwork(this.ctx, address, cfg as unknown as NetworkCfg);
        break;
      case 'docker_volume':
        await createVolume(this.ctx, address, cfg as unknown as VolumeCfg);
        break;
      case 'docker_container':
        await createContainer(this.ctx, address, cfg as unknown as ContainerCfg);
        break;
      default:
        throw new ApplierError(`resource type '${r.type}' is not implemented`);
    }
    // Postconditions run after the resource is applied and recorded (Terraform keeps it in state).
    for (const pc of r.postconditions) {
      const exit = this.state.get(address)?.attrs.exit_code;
      // exit_code is only set when the container is not running at Read (container_funcs.go:691); null == 0 is false.
      if (exit !== 0) {
        // What `terraform state show` would offer the operator: the attached container's log.
        const logs = String(this.state.get(address)?.attrs.container_logs ?? '');
        throw new ApplierError(
          `${address}: resource postcondition failed: ${pc.message} (self.exit_code = ${exit === undefined ? 'null' : String(exit)})` +
            (logs ? `\n--- container_logs (last 20 lines):\n${logs.split('\n').slice(-20).join('\n')}` : ''),
        );
      }
    }
    this.ctx.log(`created ${address} in ${Date.now() - t0} ms`);
  }

  private async delete(address: string): Promise<void> {
    const s = this.state.get(address);
    if (!s) return;
    this.ctx.log(`destroying ${address}`);
    switch (s.type) {
      case 'docker_image':
        return deleteImage(this.ctx, s);
      case 'docker_network':
        return deleteNetwork(this.ctx, s);
      case 'docker_volume':
        return deleteVolume(this.ctx, s);
      case 'docker_container':
        return deleteContainer(this.ctx, s);
    }
  }

  /** Last resort when the provider-faithful delete failed: make sure nothing is left. */
  private async forceRemove(address: string): Promise<void> {
    const s = this.state.get(address);
    if (!s) return;
    const d = this.ctx.docker;
    const enc = encodeURIComponent(s.id);
    if (s.type === 'docker_container')
      await d.callOrUndefined('DELETE', `/containers/${enc}`, { query: { force: 1, v: 1 } });
    else if (s.type === 'docker_network') await d.callOrUndefined('DELETE', `/networks/${enc}`);
    else if (s.type === 'docker_volume')
      await d.callOrUndefined('DELETE', `/volumes/${enc}`, { query: { force: 1 } });
    else if (s.type === 'docker_image' && this.ctx.createdImages.has(address)) {
      const name = String(s.attrs.name);
      await d.callOrUndefined('DELETE', `/images/${encodeURIComponent(name)}`, { query: { noprune: 1 } });
    }
  }
}
