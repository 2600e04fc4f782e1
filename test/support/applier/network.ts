// docker_network (resource_docker_network_funcs.go): create with the provider's IPAM default,
// delete with its retry while endpoints are still attached.
import { ApplyContext, ignorable, LabelCfg, labelMap, nonEmptyMap, record, sleep } from './context';
import { ApplierError, ResourceState } from './types';

export interface NetworkCfg {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  labels?: LabelCfg[];
  options?: Record<string, string>;
}

export async function createNetwork(ctx: ApplyContext, address: string, cfg: NetworkCfg): Promise<void> {
  const body = {
    Name: cfg.name,
    Driver: cfg.driver || undefined,
    Options: nonEmptyMap(cfg.options),
    Internal: cfg.internal || undefined,
    Attachable: cfg.attachable || undefined,
    Labels: labelMap(cfg.labels, address),
    // ipam_driver defaults to "default", and GetOk sees the default (network_funcs.go:53).
    IPAM: { Driver: 'default' },
  };
  const res = await ctx.docker
    .call<{ Id: string }>('POST', '/networks/create', { body })
    .catch((e: Error) => {
      throw new ApplierError(`${address}: Unable to create network: ${e.message}`);
    });
  record(ctx, address, res.Id, { ...cfg, id: res.Id });
  const inspected = await ctx.docker.call<{ Name: string }>('GET', `/networks/${res.Id}`);
  record(ctx, address, res.Id, { ...cfg, id: res.Id, name: inspected.Name });
}

export async function deleteNetwork(ctx: ApplyContext, s: ResourceState): Promise<void> {
  // Retries while "has active endpoints", 30 s (network_funcs.go:101).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await ctx.docker.callOrUndefined('GET', `/networks/${encodeURIComponent(s.id)}`);
    if (!found) return;
    try {
      await ctx.docker.call('DELETE', `/networks/${encodeURIComponent(s.id)}`);
      return;
    } catch (e) {
      if (!ignorable(e, 'has active endpoints') || Date.now() > deadline) throw e;
      await sleep(1000);
    }
  }
}
