import { createHash } from 'node:crypto';
import type { ImageSpec } from '../core/image';
import type { RenderedFile } from '../core/layout';

/** Docker restart policies. */
export type RestartPolicy = 'no' | 'on-failure' | 'always' | 'unless-stopped';

/** A Docker healthcheck, in seconds. */
export interface HealthcheckSpec {
  readonly test: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

/** A published port, bound to one host address. */
export interface PortSpec {
  readonly internal: number;
  readonly external: number;
}

/** A named Docker volume mounted into the container. */
export interface VolumeSpec {
  /** Volume key within the deployment (the target prefixes it). */
  readonly volume: string;
  readonly path: string;
  readonly readOnly: boolean;
}

/** A host path mounted into the container (the Docker socket for the watchdog). */
export interface BindSpec {
  readonly hostPath: string;
  readonly path: string;
  readonly readOnly: boolean;
}

/**
 * Everything a target needs to run one container: plain data, no cdktf. A second target
 * (Swarm, Kubernetes) consumes the same spec.
 */
export interface ContainerSpec {
  /** Container name, also its DNS name on the deployment network. */
  readonly name: string;
  /** Where the image comes from; the target builds or finds it. */
  readonly image: ImageSpec;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly files: readonly RenderedFile[];
  readonly ports: readonly PortSpec[];
  readonly healthcheck?: HealthcheckSpec;
  readonly restart: RestartPolicy;
  readonly labels: Readonly<Record<string, string>>;
  readonly aliases: readonly string[];
  readonly volumes: readonly VolumeSpec[];
  readonly binds: readonly BindSpec[];
  /** Seconds between SIGTERM and SIGKILL on stop and destroy. */
  readonly stopGraceSeconds: number;
  /** Runs to completion once (bootstrap job); the deploy fails if it exits non-zero. */
  readonly oneShot: boolean;
  /** Deploy waits until the healthcheck passes, at most this many seconds. */
  readonly waitHealthySeconds?: number;
  /** Containers (by name) that must be created before this one. */
  readonly dependsOn: readonly string[];
}

/** Label keys wsgiform puts on every object it creates. */
export const LABELS = {
  deployment: 'wsgiform.deployment',
  service: 'wsgiform.service',
  role: 'wsgiform.role',
  watchdog: 'wsgiform.watchdog',
  healthcheckHash: 'wsgiform.healthcheck-sha256',
} as const;

/**
 * Hash of a healthcheck, carried in a label. The docker provider (3.6.2) plans a changed
 * healthcheck as an in-place update that changes nothing (issue #988); labels force a new
 * container, so the new healthcheck really reaches Docker.
 */
export function healthcheckHash(h: HealthcheckSpec): string {
  return createHash('sha256').update(JSON.stringify(h)).digest('hex').slice(0, 16);
}

/** `curl` probe of an HTTP path on the container's own port. */
export function httpProbe(port: number, path: string, timeoutSeconds: number, userAgent: string): string[] {
  return [
    'CMD',
    'curl',
    '--fail',
    '--silent',
    '--show-error',
    '--output',
    '/dev/null',
    '--max-time',
    String(timeoutSeconds),
    '--user-agent',
    userAgent,
    `http://127.0.0.1:${port}${path}`,
  ];
}
