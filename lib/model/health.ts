import { WsgiformError } from '../core/errors';
import { given, integer, urlPath } from '../core/validate';

/** How Docker and HAProxy decide that a replica is healthy. */
export interface HealthCheckProps {
  /**
   * Path probed over HTTP. It must answer 200 when the service works.
   * @default the service's first health path (`/healthcheck`, oslo.middleware)
   */
  readonly path?: string;
  /** Seconds between Docker health probes. @default 10 */
  readonly intervalSeconds?: number;
  /** Seconds before one probe counts as failed. @default 5 */
  readonly timeoutSeconds?: number;
  /** Consecutive failed probes before Docker marks the container unhealthy. @default 3 (Docker's and kolla's) */
  readonly retries?: number;
  /**
   * Seconds after start during which failures do not count: the app imports, connects to its
   * database and (mod_wsgi with preload) warms every process. @default 60
   */
  readonly startPeriodSeconds?: number;
}

export interface HealthModel {
  readonly path: string;
  readonly expectStatus: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

export function resolveHealth(
  path: string,
  props: HealthCheckProps | undefined,
  service: { name: string; healthPaths: readonly string[] },
): HealthModel {
  const p = props ?? {};
  const probe = urlPath(path, 'healthCheck.path', given(p.path, service.healthPaths[0]));
  if (!service.healthPaths.includes(probe)) {
    throw new WsgiformError(
      path,
      `healthCheck.path=${JSON.stringify(probe)}: ${service.name} does not answer it with 200; use one of ${service.healthPaths.join(', ')}`,
    );
  }
  const m: HealthModel = {
    path: probe,
    expectStatus: 200,
    intervalSeconds: integer(
      path,
      'healthCheck.intervalSeconds',
      given(p.intervalSeconds, 10),
      1,
      3600,
      'use 1 to 3600 seconds',
    ),
    timeoutSeconds: integer(
      path,
      'healthCheck.timeoutSeconds',
      given(p.timeoutSeconds, 5),
      1,
      3600,
      'use 1 to 3600 seconds',
    ),
    retries: integer(path, 'healthCheck.retries', given(p.retries, 3), 1, 100, 'use 1 to 100 probes'),
    startPeriodSeconds: integer(
      path,
      'healthCheck.startPeriodSeconds',
      given(p.startPeriodSeconds, 60),
      0,
      3600,
      'use 0 to 3600 seconds',
    ),
  };
  if (m.timeoutSeconds > m.intervalSeconds) {
    throw new WsgiformError(
      path,
      `healthCheck.timeoutSeconds=${m.timeoutSeconds}: longer than intervalSeconds=${m.intervalSeconds}; probes would overlap, lower the timeout`,
    );
  }
  return m;
}

/** Seconds a deploy waits for a new container to turn healthy before it fails. */
export function healthyWithinSeconds(h: HealthModel): number {
  return h.startPeriodSeconds + h.retries * (h.intervalSeconds + h.timeoutSeconds) + 30;
}
