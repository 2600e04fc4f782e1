// docker_container (resource_docker_container_funcs.go): create, connect, upload, start, wait,
// attach, the Read right after create (must_run) and the stop/remove/wait delete.
import { ApplyContext, ignorable, LabelCfg, labelMap, nonEmptyMap, record, sleep } from './context';
import { findImage } from './image';
import { parseGoDuration } from './schema';
import { ApplierError, ResourceState } from './types';
import { ustarSingleFile } from './ustar';

export interface ContainerCfg {
  name: string;
  image: string;
  hostname?: string;
  command?: string[];
  entrypoint?: string[];
  env?: string[];
  user?: string;
  working_dir?: string;
  labels?: LabelCfg[];
  restart: string;
  max_retry_count?: number;
  must_run: boolean;
  start: boolean;
  wait: boolean;
  wait_timeout: number;
  destroy_grace_seconds?: number;
  stop_signal?: string;
  stop_timeout?: number;
  init?: boolean;
  networks_advanced?: Array<{ name: string; aliases?: string[] }>;
  ports?: Array<{ internal: number; external?: number; ip: string; protocol: string }>;
  upload?: Array<{
    file: string;
    content?: string;
    content_base64?: string;
    permissions?: string;
    executable: boolean;
  }>;
  healthcheck?: { test: string[]; interval: string; timeout: string; start_period: string; retries: number };
  volumes?: Array<{ volume_name?: string; host_path?: string; container_path?: string; read_only?: boolean }>;
  log_driver?: string;
  log_opts?: Record<string, string>;
  attach: boolean;
  logs: boolean;
  rm: boolean;
  tmpfs?: Record<string, string>;
  group_add?: string[];
}

interface ContainerInspect {
  Id: string;
  Name: string;
  State: {
    Running: boolean;
    Restarting: boolean;
    ExitCode: number;
    FinishedAt: string;
    Health?: { Status: string } | null;
  };
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null;
    Networks?: Record<
      string,
      { IPAddress: string; Gateway: string; Aliases: string[] | null; NetworkID: string }
    >;
  };
}

export async function createContainer(ctx: ApplyContext, address: string, c: ContainerCfg): Promise<void> {
  await findImage(ctx, c.image).catch((e: Error) => {
    throw new ApplierError(`${address}: Unable to create container with image ${c.image}: ${e.message}`);
  });
  if (c.command?.some((v) => v === ''))
    throw new ApplierError(`${address}: values for command may not be empty`);
  const env = c.env?.length ? c.env : undefined;
  if (env) {
    const seen = new Map<string, string>();
    for (const e of env) {
      const k = e.split('=')[0];
      if (seen.has(k) && seen.get(k) !== e)
        throw new ApplierError(
          `${address}.env: ${k} given twice with different values (env is a set; the order would be the set's hash order)`,
        );
      seen.set(k, e);
    }
  }
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of c.ports ?? []) {
    // portSetToDockerPorts (container_structures.go:138): an unset external reads as 0 -> HostPort "0" (random).
    const key = `${p.internal}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.ip, HostPort: String(p.external ?? 0) });
  }
  const volumes: Record<string, object> = {};
  const binds: string[] = [];
  for (const v of c.volumes ?? []) {
    // volumeSetToDockerVolumes (container_structures.go:199).
    const containerPath = v.container_path ?? '';
    const volumeName = v.volume_name || v.host_path || '';
    if (!containerPath)
      throw new ApplierError(
        `${address}: Unable to parse volumes: volume entry without container path or source container`,
      );
    volumes[containerPath] = {};
    if (volumeName) binds.push(`${volumeName}:${containerPath}:${v.read_only ? 'ro' : 'rw'}`);
  }
  let healthcheck: object | undefined;
  if (c.healthcheck) {
    healthcheck = {
      Test: c.healthcheck.test,
      Interval: parseGoDuration(c.healthcheck.interval),
      Timeout: parseGoDuration(c.healthcheck.timeout),
      StartPeriod: parseGoDuration(c.healthcheck.start_period),
      Retries: c.healthcheck.retries,
    };
  }
  const config = {
    Image: c.image,
    Hostname: c.hostname || undefined,
    Tty: false,
    OpenStdin: false,
    StopSignal: c.stop_signal || undefined,
    // d.GetOk: 0 counts as unset.
    StopTimeout: c.stop_timeout ? c.stop_timeout : undefined,
    Env: env,
    Cmd: c.command?.length ? c.command : undefined,
    Entrypoint: c.entrypoint?.length ? c.entrypoint : undefined,
    User: c.user || undefined,
    ExposedPorts: Object.keys(exposed).length ? exposed : undefined,
    WorkingDir: c.working_dir || undefined,
    Volumes: Object.keys(volumes).length ? volumes : undefined,
    Labels: labelMap(c.labels, address),
    Healthcheck: healthcheck,
    HostConfig: {
      Privileged: false,
      PublishAllPorts: false,
      RestartPolicy: { Name: c.restart, MaximumRetryCount: c.max_retry_count ?? 0 },
      Mounts: [],
      AutoRemove: c.rm,
      ReadonlyRootfs: false,
      LogConfig: { Type: c.log_driver ?? '', Config: nonEmptyMap(c.log_opts) },
      Tmpfs: nonEmptyMap(c.tmpfs),
      PortBindings: Object.keys(bindings).length ? bindings : undefined,
      Binds: binds.length ? binds : undefined,
      GroupAdd: c.group_add?.length ? c.group_add : undefined,
      // init is Optional+Computed without a default: unset sends Init=false (container_funcs.go:411).
      Init: c.init ?? false,
      NetworkMode: 'bridge',
    },
  };
  let created: { Id: string };
  try {
    created = await ctx.docker.call<{ Id: string }>('POST', '/containers/create', {
      query: { name: c.name },
      body: config,
    });
  } catch (e) {
    throw new ApplierError(`${address}: Unable to create container: ${(e as Error).message}`);
  }
  const id = created.Id;
  // d.SetId right after create: from here a failure leaves the container in state (tainted).
  const st = record(ctx, address, id, { ...c, id });
  const enc = encodeURIComponent(id);

  if (c.networks_advanced?.length) {
    try {
      await ctx.docker.call('POST', '/networks/bridge/disconnect', {
        body: { Container: id, Force: false },
      });
    } catch (e) {
      if (!ignorable(e, 'is not connected to the network bridge'))
        throw new ApplierError(
          `${address}: Unable to disconnect the default network: ${(e as Error).message}`,
        );
    }
    for (const n of c.networks_advanced) {
      try {
        await ctx.docker.call('POST', `/networks/${encodeURIComponent(n.name)}/connect`, {
          body: {
            Container: id,
            EndpointConfig: { Aliases: n.aliases?.length ? n.aliases : undefined, IPAMConfig: {} },
          },
        });
      } catch (e) {
        throw new ApplierError(
          `${address}: Unable to connect to network '${n.name}': ${(e as Error).message}`,
        );
      }
    }
  }

  for (const u of c.upload ?? []) {
    const set = [u.content, u.content_base64].filter((v) => v !== undefined && v !== '').length;
    if (set === 0)
      throw new ApplierError(
        `${address}: error with upload content: one of 'content', 'content_base64', or 'source' must be set`,
      );
    if (set > 1)
      throw new ApplierError(
        `${address}: error with upload content: only one of 'content', 'content_base64', or 'source' can be set`,
      );
    const data = u.content ? Buffer.from(u.content, 'utf8') : Buffer.from(u.content_base64 ?? '', 'base64');
    const mode = u.permissions ? parseInt(u.permissions, 8) : u.executable ? 0o744 : 0o644;
    try {
      await ctx.docker.call('PUT', `/containers/${enc}/archive`, {
        query: { path: '/' },
        body: ustarSingleFile(u.file, data, mode),
        contentType: 'application/x-tar',
      });
    } catch (e) {
      throw new ApplierError(`${address}: Unable to upload volume content: ${(e as Error).message}`);
    }
  }

  if (c.start) {
    ctx.creationTime = Date.now();
    try {
      await ctx.docker.call('POST', `/containers/${enc}/start`);
    } catch (e) {
      throw new ApplierError(`${address}: Unable to start container: ${(e as Error).message}`);
    }
    if (c.wait) await waitHealthy(ctx, address, enc, c.wait_timeout);
  }

  if (c.attach) {
    let logs: Promise<Buffer> | undefined;
    if (c.logs) {
      logs = ctx.docker
        .request('GET', `/containers/${enc}/logs`, { query: { stdout: 1, stderr: 1, follow: 1 } })
        .then((r) => r.body);
    }
    const timeoutMs = ctx.opts.attachTimeoutMs ?? 20 * 60_000;
    try {
      await ctx.docker.call('POST', `/containers/${enc}/wait`, {
        query: { condition: 'not-running' },
        timeoutMs,
      });
    } catch (e) {
      throw new ApplierError(
        `${address}: Unable to wait container end of execution: ${(e as Error).message}`,
      );
    }
    if (logs) st.attrs.container_logs = scannerLines(await logs, address);
  }

  await readContainer(ctx, address, st, c);
}

async function waitHealthy(
  ctx: ApplyContext,
  address: string,
  enc: string,
  timeoutSeconds: number,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const info = await ctx.docker.call<ContainerInspect>('GET', `/containers/${enc}/json`);
    if (!info.State?.Health) {
      throw new ApplierError(
        `${address}: you have supplied a 'wait' argument, but the container does not have a healthcheck defined. Please remove the 'wait' argument or add a 'healthcheck' attribute`,
      );
    }
    // "unhealthy" is not a failure: keep polling until the deadline.
    if (info.State.Health.Status === 'healthy') return;
    if (Date.now() + 1000 > deadline) {
      await sleep(Math.max(0, deadline - Date.now()));
      throw new ApplierError(
        `${address}: container failed to be in healthy state (last status ${info.State.Health.Status} after ${timeoutSeconds}s)`,
      );
    }
    await sleep(1000);
  }
}

/** resourceDockerContainerRead right after Create (container_funcs.go:634). */
async function readContainer(
  ctx: ApplyContext,
  address: string,
  st: ResourceState,
  c: ContainerCfg,
): Promise<void> {
  const enc = encodeURIComponent(st.id);
  const list = await ctx.docker.call<Array<{ Id: string }>>('GET', '/containers/json', {
    query: { all: 1 },
  });
  if (!list.some((x) => x.Id === st.id)) {
    ctx.state.delete(address);
    throw new ApplierError(
      `${address}: the container no longer exists after create (rm=true?); the provider drops it from state and Terraform fails with "Provider produced inconsistent result after apply"`,
    );
  }
  await sleep(100); // StateChangeConf Delay
  const info = await ctx.docker.call<ContainerInspect>('GET', `/containers/${enc}/json`);
  const running = info.State.Running;
  if (!running && c.must_run) {
    // Docker reports nanoseconds; Date.parse wants at most milliseconds.
    const finished = Date.parse(info.State.FinishedAt.replace(/(\.\d{3})\d*/, '$1'));
    if (ctx.creationTime === undefined) {
      await deleteContainer(ctx, st);
      ctx.state.delete(address);
      throw new ApplierError(
        `${address}: not running and must_run=true with no container started in this run: the provider deletes it and returns no error (state loses it); not implemented`,
      );
    }
    const why =
      finished > ctx.creationTime
        ? 'container exited immediately'
        : 'container failed to be in running state';
    await deleteContainer(ctx, st);
    ctx.state.delete(address);
    throw new ApplierError(`${address}: ${why} (exit code ${info.State.ExitCode})`);
  }
  if (!running) st.attrs.exit_code = info.State.ExitCode;
  st.attrs.name = info.Name.replace(/^\/+/, '');
  const ports: Array<{ internal: number; external: number; ip: string; protocol: string }> = [];
  for (const [key, bs] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    const [internal, protocol] = key.split('/');
    for (const b of bs ?? [])
      ports.push({ internal: Number(internal), external: Number(b.HostPort), ip: b.HostIp, protocol });
  }
  if (ports.length) st.attrs.ports = ports;
  st.attrs.network_data = Object.entries(info.NetworkSettings?.Networks ?? {}).map(([n, v]) => ({
    network_name: n,
    ip_address: v.IPAddress,
    gateway: v.Gateway,
  }));
}

export async function deleteContainer(ctx: ApplyContext, s: ResourceState): Promise<void> {
  const enc = encodeURIComponent(s.id);
  // Terraform refreshes before destroying: a container that is gone just leaves state.
  const exists = await ctx.docker.callOrUndefined('GET', `/containers/${enc}/json`);
  if (!exists) return;
  const rm = s.attrs.rm === true;
  if (s.attrs.attach !== true) {
    // Stop with destroy_grace_seconds, else 0 s (container_funcs.go:936).
    const grace =
      typeof s.attrs.destroy_grace_seconds === 'number' && s.attrs.destroy_grace_seconds > 0
        ? s.attrs.destroy_grace_seconds
        : 0;
    try {
      await ctx.docker.call('POST', `/containers/${enc}/stop`, { query: { t: grace } });
    } catch (e) {
      throw new ApplierError(`Error stopping container ${s.id}: ${(e as Error).message}`);
    }
  }
  try {
    // RemoveLinks = rm (container_funcs.go:947): link=1 makes the daemon remove a *link*, which fails
    // with "cannot remove the default link name" while the container still exists.
    await ctx.docker.call('DELETE', `/containers/${enc}`, {
      query: { v: 1, force: 1, link: rm ? 1 : undefined },
    });
  } catch (e) {
    if (!ignorable(e, 'No such container', 'is already in progress'))
      throw new ApplierError(`Error deleting container ${s.id}: ${(e as Error).message}`);
  }
  try {
    await ctx.docker.call('POST', `/containers/${enc}/wait`, {
      query: { condition: rm ? 'removed' : 'not-running' },
      timeoutMs: 60_000,
    });
  } catch (e) {
    if (!ignorable(e, 'No such container', 'is already in progress'))
      throw new ApplierError(`Error waiting for container removal '${s.id}': ${(e as Error).message}`);
  }
}

/** What bufio.Scanner makes of the raw (multiplexed) log stream (container_funcs.go:600): lines + "\n". */
function scannerLines(raw: Buffer, address: string): string {
  const text = raw.toString('latin1');
  if (!text) return '';
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let out = '';
  for (const l of lines) {
    if (l.length > 64 * 1024)
      throw new ApplierError(
        `${address}: a log line longer than 64 KiB makes provider 3.6.2 call log.Fatal (bufio.Scanner: token too long)`,
      );
    out += l.replace(/\r$/, '') + '\n';
  }
  return Buffer.from(out, 'latin1').toString('utf8');
}
