// Attribute schemas of provider 3.6.2: what is implemented, with the provider's defaults and
// validators; an attribute missing here is refused, never silently dropped.
import * as path from 'path';

type Check = (v: string) => string | undefined;
export type Spec =
  | { readonly t: 'string'; readonly required?: boolean; readonly default?: string; readonly check?: Check }
  | { readonly t: 'bool'; readonly default?: boolean }
  | { readonly t: 'int'; readonly required?: boolean; readonly default?: number; readonly min?: number }
  | { readonly t: 'strlist'; readonly set?: boolean; readonly required?: boolean }
  | { readonly t: 'strmap' }
  | {
      readonly t: 'block';
      readonly fields: Record<string, Spec>;
      readonly many: boolean;
      readonly required?: boolean;
    }
  | { readonly t: 'reject'; readonly why: string };

const str = (o: { required?: boolean; default?: string; check?: Check } = {}): Spec => ({
  t: 'string',
  ...o,
});
const bool = (d?: boolean): Spec => ({ t: 'bool', default: d });
const int = (o: { required?: boolean; default?: number; min?: number } = {}): Spec => ({ t: 'int', ...o });
const strlist = (o: { set?: boolean; required?: boolean } = {}): Spec => ({ t: 'strlist', ...o });
const strmap: Spec = { t: 'strmap' };
export const block = (fields: Record<string, Spec>, many: boolean, required = false): Spec => ({
  t: 'block',
  fields,
  many,
  required,
});

const pattern =
  (re: RegExp): Check =>
  (v) =>
    re.test(v) ? undefined : `'${v}' doesn't match the pattern '${re.source}'`;

/** Go time.ParseDuration, in nanoseconds. Throws on what Go rejects. */
export function parseGoDuration(s: string): number {
  if (s === '0') return 0;
  const units: Record<string, number> = {
    ns: 1,
    us: 1e3,
    µs: 1e3,
    μs: 1e3,
    ms: 1e6,
    s: 1e9,
    m: 60e9,
    h: 3600e9,
  };
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (!rest) throw new Error(`invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  const re = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest) {
    const m = re.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') throw new Error(`invalid duration ${JSON.stringify(s)}`);
    total += parseFloat(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.round(sign * total);
}

const durationCheck: Check = (v) => {
  try {
    return parseGoDuration(v) < 0 ? `'${v}' duration must not be negative` : undefined;
  } catch {
    return `'${v}' is not a valid duration`;
  }
};

const base64Check: Check = (v) =>
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v)
    ? undefined
    : `'${v.slice(0, 40)}' is not base64 decodeable`;

const labelBlock = block({ label: str({ required: true }), value: str({ required: true }) }, true);

export const SCHEMAS: Record<string, Record<string, Spec>> = {
  // resource_docker_image.go
  docker_image: {
    name: str({ required: true }),
    keep_locally: bool(false),
    triggers: strmap,
    build: block(
      {
        context: str({
          required: true,
          check: (v) =>
            path.isAbsolute(v)
              ? undefined
              : `context must be an absolute path (Terraform would resolve '${v}' against cdktf.out/stacks/<stack>)`,
        }),
        dockerfile: str({ default: 'Dockerfile' }),
        build_args: strmap,
        tag: strlist(),
        network_mode: str(),
        labels: strmap,
        label: {
          t: 'reject',
          why: 'build.label is in the 3.6.2 schema but the legacy build path never reads it (createImageBuildOptions reads only build.labels); use labels',
        },
      },
      false,
    ),
  },
  // resource_docker_network.go
  docker_network: {
    name: str({ required: true }),
    driver: str(),
    internal: bool(),
    attachable: bool(),
    labels: labelBlock,
    options: strmap,
  },
  // resource_docker_volume.go
  docker_volume: {
    name: str(),
    driver: str(),
    labels: labelBlock,
  },
  // resource_docker_container.go
  docker_container: {
    name: str({ required: true }),
    image: str({ required: true }),
    hostname: str(),
    command: strlist(),
    entrypoint: strlist(),
    env: strlist({ set: true }),
    user: str(),
    working_dir: str(),
    labels: labelBlock,
    restart: str({ default: 'no', check: pattern(/^(no|on-failure|always|unless-stopped)$/) }),
    max_retry_count: int(),
    must_run: bool(true),
    start: bool(true),
    wait: bool(false),
    wait_timeout: int({ default: 60 }),
    destroy_grace_seconds: int(),
    stop_signal: str(),
    stop_timeout: int(),
    init: bool(),
    networks_advanced: block({ name: str({ required: true }), aliases: strlist({ set: true }) }, true),
    ports: block(
      {
        internal: int({ required: true }),
        external: int(),
        ip: str({ default: '0.0.0.0' }),
        protocol: str({ default: 'tcp' }),
      },
      true,
    ),
    upload: block(
      {
        file: str({ required: true }),
        content: str(),
        content_base64: str({ check: base64Check }),
        permissions: str({ check: pattern(/^0[0-7]{3}$/) }),
        executable: bool(false),
      },
      true,
    ),
    healthcheck: block(
      {
        test: strlist({ required: true }),
        interval: str({ default: '0s', check: durationCheck }),
        timeout: str({ default: '0s', check: durationCheck }),
        start_period: str({ default: '0s', check: durationCheck }),
        retries: int({ default: 0, min: 0 }),
        start_interval: {
          t: 'reject',
          why: 'start_interval is dropped by this engine (API 1.41) and gives a permanent diff; do not emit it',
        },
      },
      false,
    ),
    volumes: block(
      {
        volume_name: str(),
        host_path: str({
          check: (v) => (/^[a-zA-Z]:[\\/]|^\//.test(v) ? undefined : `'${v}' must be an absolute path`),
        }),
        container_path: str(),
        read_only: bool(),
      },
      true,
    ),
    log_driver: str(),
    log_opts: strmap,
    attach: bool(false),
    logs: bool(false),
    rm: bool(false),
    tmpfs: strmap,
    group_add: strlist({ set: true }),
  },
};
