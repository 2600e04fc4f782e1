import { container } from '@cdktf/provider-docker';
import { Construct } from 'constructs';
import { WsgiformError } from '../model/errors';
import { given, integer } from '../model/validate';
import { LABELS } from '../spec/container-spec';
import type { DockerHost } from '../targets/docker-host';

export interface WatchdogProps {
  readonly host: DockerHost;
  /**
   * Run the watchdog container. It needs the Docker socket, which is root on the Docker host:
   * turn it off where that is not acceptable; restart policies and healthchecks stay.
   * @default true
   */
  readonly enabled?: boolean;
  /** Seconds between looks at the containers' health. @default 5 */
  readonly intervalSeconds?: number;
  /** Seconds to wait after a restart before the same container may be restarted again; doubles each time. @default 10 */
  readonly backoffSeconds?: number;
  /** Upper bound of the back-off. @default 300 */
  readonly backoffMaxSeconds?: number;
  /**
   * Restarts of one container within `startLimitIntervalSeconds` after which the watchdog stops
   * restarting it until the oldest of them leaves the window (systemd's StartLimitBurst), and
   * logs that an operator is needed. @default 5
   */
  readonly startLimitBurst?: number;
  /** Window of `startLimitBurst`. @default 1800 */
  readonly startLimitIntervalSeconds?: number;
  /** Seconds a container gets between SIGTERM and SIGKILL when the watchdog restarts it. @default 10 */
  readonly restartGraceSeconds?: number;
}

export const WATCHDOG_SCRIPT = '/usr/local/bin/wsgiform-watchdog';

/**
 * Restarts containers of this deployment that stay unhealthy. Docker restarts a container
 * that exits (restart policy) but never one that is merely unhealthy (moby#22719); kolla,
 * devstack and puppet only report that state. Scope: containers labelled
 * `wsgiform.deployment=<deploymentName>` and `wsgiform.watchdog=enabled`.
 */
export class Watchdog extends Construct {
  /** The watchdog container, or undefined when disabled. */
  readonly container?: container.Container;

  constructor(scope: Construct, id: string, props: WatchdogProps) {
    super(scope, id);
    const path = this.node.path;
    if (!given(props.enabled, true)) return;
    const socket = props.host.socketPath;
    if (socket === undefined) {
      throw new WsgiformError(
        path,
        'the watchdog needs the Docker engine on a unix socket (dockerHost unix://…); set enabled: false for a TCP engine',
      );
    }
    const n = (what: string, v: number | undefined, d: number, min: number, max: number) =>
      String(integer(path, what, given(v, d), min, max, `use ${min} to ${max}`));
    const env = {
      WSGIFORM_WATCHDOG_LABELS: `${LABELS.deployment}=${props.host.deploymentName},${LABELS.watchdog}=enabled`,
      WSGIFORM_WATCHDOG_INTERVAL: n('intervalSeconds', props.intervalSeconds, 5, 1, 3600),
      WSGIFORM_WATCHDOG_BACKOFF: n('backoffSeconds', props.backoffSeconds, 10, 0, 86400),
      WSGIFORM_WATCHDOG_BACKOFF_MAX: n('backoffMaxSeconds', props.backoffMaxSeconds, 300, 0, 86400),
      WSGIFORM_WATCHDOG_START_LIMIT_BURST: n('startLimitBurst', props.startLimitBurst, 5, 1, 1000),
      WSGIFORM_WATCHDOG_START_LIMIT_INTERVAL: n(
        'startLimitIntervalSeconds',
        props.startLimitIntervalSeconds,
        1800,
        1,
        7 * 86400,
      ),
      WSGIFORM_WATCHDOG_RESTART_GRACE: n('restartGraceSeconds', props.restartGraceSeconds, 10, 0, 3600),
      WSGIFORM_WATCHDOG_SOCKET: '/var/run/docker.sock',
    };
    if (Number(env.WSGIFORM_WATCHDOG_BACKOFF_MAX) < Number(env.WSGIFORM_WATCHDOG_BACKOFF)) {
      throw new WsgiformError(
        path,
        `backoffMaxSeconds=${env.WSGIFORM_WATCHDOG_BACKOFF_MAX}: smaller than backoffSeconds=${env.WSGIFORM_WATCHDOG_BACKOFF}; raise it`,
      );
    }
    this.container = props.host._addContainer(this, 'container', {
      name: props.host.objectName(path, id),
      image: 'watchdog',
      command: [WATCHDOG_SCRIPT],
      env,
      files: [],
      ports: [],
      restart: 'unless-stopped',
      labels: { [LABELS.role]: 'watchdog', [LABELS.service]: 'watchdog' },
      aliases: [],
      volumes: [],
      binds: [{ hostPath: socket, path: '/var/run/docker.sock', readOnly: false }],
      stopGraceSeconds: 5,
      oneShot: false,
    });
  }
}
