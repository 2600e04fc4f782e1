import { Construct } from 'constructs';
import { WsgiformError } from '../core/errors';
import { given, integer } from '../core/validate';
import { planWatchdog } from '../plan/watchdog';
import type { DockerHost } from '../targets/docker/host';

export interface WatchdogOptions {
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

export interface WatchdogProps extends WatchdogOptions {
  readonly host: DockerHost;
}

/**
 * Restarts containers of this deployment that stay unhealthy. Docker restarts a container
 * that exits (restart policy) but never one that is merely unhealthy (moby#22719); kolla,
 * devstack and puppet only report that state. Scope: containers labelled
 * `wsgiform.deployment=<deploymentName>` and `wsgiform.watchdog=enabled`.
 */
export class Watchdog extends Construct {
  /** Name of the watchdog container, or undefined when disabled. */
  readonly containerName?: string;

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
      integer(path, what, given(v, d), min, max, `use ${min} to ${max}`);
    const backoffSeconds = n('backoffSeconds', props.backoffSeconds, 10, 0, 86400);
    const backoffMaxSeconds = n('backoffMaxSeconds', props.backoffMaxSeconds, 300, 0, 86400);
    if (backoffMaxSeconds < backoffSeconds) {
      throw new WsgiformError(
        path,
        `backoffMaxSeconds=${backoffMaxSeconds}: smaller than backoffSeconds=${backoffSeconds}; raise it`,
      );
    }
    if (props.host._hasRole('watchdog'))
      throw new WsgiformError(path, 'the host already has a Watchdog; one per deployment is enough');
    props.host._claimRole('watchdog');
    this.containerName = props.host.objectName(path, id);
    props.host._deploy(
      this,
      'container',
      planWatchdog({
        name: this.containerName,
        deploymentName: props.host.deploymentName,
        socketPath: socket,
        intervalSeconds: n('intervalSeconds', props.intervalSeconds, 5, 1, 3600),
        backoffSeconds,
        backoffMaxSeconds,
        startLimitBurst: n('startLimitBurst', props.startLimitBurst, 5, 1, 1000),
        startLimitIntervalSeconds: n(
          'startLimitIntervalSeconds',
          props.startLimitIntervalSeconds,
          1800,
          1,
          7 * 86400,
        ),
        restartGraceSeconds: n('restartGraceSeconds', props.restartGraceSeconds, 10, 0, 3600),
      }),
    );
  }
}
