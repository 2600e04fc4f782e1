// docker_volume (resource_docker_volume.go): create, and force-remove with the provider's
// retry while the volume is still in use.
import { ApplyContext, ignorable, LabelCfg, labelMap, record, sleep } from './context';
import { ResourceState } from './types';

export interface VolumeCfg {
  name?: string;
  driver?: string;
  labels?: LabelCfg[];
}

export async function createVolume(ctx: ApplyContext, address: string, cfg: VolumeCfg): Promise<void> {
  const res = await ctx.docker.call<{ Name: string; Mountpoint: string; Driver: string }>(
    'POST',
    '/volumes/create',
    {
      body: {
        Name: cfg.name || undefined,
        Driver: cfg.driver || undefined,
        Labels: labelMap(cfg.labels, address),
      },
    },
  );
  record(ctx, address, res.Name, {
    ...cfg,
    id: res.Name,
    name: res.Name,
    driver: res.Driver,
    mountpoint: res.Mountpoint,
  });
}

export async function deleteVolume(ctx: ApplyContext, s: ResourceState): Promise<void> {
  // Force remove, retrying while "volume is in use", 30 s (resource_docker_volume.go:136).
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await ctx.docker.call('DELETE', `/volumes/${encodeURIComponent(s.id)}`, { query: { force: 1 } });
      return;
    } catch (e) {
      if (!ignorable(e, 'volume is in use') || Date.now() > deadline) throw e;
      await sleep(1000);
    }
  }
}
