// Pure planner of the watchdog container.
import { bundledImage } from '../core/image';
import { LABELS, type ContainerSpec } from './container-spec';

export const WATCHDOG_SCRIPT = '/usr/local/bin/wsgiform-watchdog';

export interface WatchdogPlanInput {
  readonly name: string;
  readonly deploymentName: string;
  /** The engine's socket on its host. */
  readonly socketPath: string;
  readonly intervalSeconds: number;
  readonly backoffSeconds: number;
  readonly backoffMaxSeconds: number;
  readonly startLimitBurst: number;
  readonly startLimitIntervalSeconds: number;
  readonly restartGraceSeconds: number;
}

export function planWatchdog(m: WatchdogPlanInput): ContainerSpec {
  return {
    name: m.name,
    image: bundledImage('watchdog'),
    command: [WATCHDOG_SCRIPT],
    env: {
      WSGIFORM_WATCHDOG_LABELS: `${LABELS.deployment}=${m.deploymentName},${LABELS.watchdog}=enabled`,
      WSGIFORM_WATCHDOG_INTERVAL: String(m.intervalSeconds),
      WSGIFORM_WATCHDOG_BACKOFF: String(m.backoffSeconds),
      WSGIFORM_WATCHDOG_BACKOFF_MAX: String(m.backoffMaxSeconds),
      WSGIFORM_WATCHDOG_START_LIMIT_BURST: String(m.startLimitBurst),
      WSGIFORM_WATCHDOG_START_LIMIT_INTERVAL: String(m.startLimitIntervalSeconds),
      WSGIFORM_WATCHDOG_RESTART_GRACE: String(m.restartGraceSeconds),
      WSGIFORM_WATCHDOG_SOCKET: '/var/run/docker.sock',
    },
    files: [],
    ports: [],
    restart: 'unless-stopped',
    labels: { [LABELS.role]: 'watchdog', [LABELS.service]: 'watchdog' },
    aliases: [],
    volumes: [],
    binds: [{ hostPath: m.socketPath, path: '/var/run/docker.sock', readOnly: false }],
    stopGraceSeconds: 5,
    oneShot: false,
    dependsOn: [],
  };
}
