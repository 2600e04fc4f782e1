import { WsgiformError } from '../core/errors';
import { given, integer, literal, port } from '../core/validate';

/** HAProxy `balance` algorithms wsgiform offers. */
export enum BalanceAlgorithm {
  /** Each server in turn (kolla's default). */
  ROUND_ROBIN = 'roundrobin',
  /** The server with the fewest connections (openstack-ansible's default). */
  LEAST_CONN = 'leastconn',
  /** Hash of the client address: a client sticks to one server. */
  SOURCE = 'source',
}

/** HAProxy timeouts in seconds. Defaults are kolla-ansible's `haproxy_main.cfg`. */
export interface LoadBalancerTimeouts {
  /** `timeout http-request`. @default 10 */
  readonly httpRequestSeconds?: number;
  /** `timeout http-keep-alive`. @default 10 */
  readonly httpKeepAliveSeconds?: number;
  /** `timeout queue`. @default 60 */
  readonly queueSeconds?: number;
  /** `timeout connect`. @default 10 */
  readonly connectSeconds?: number;
  /** `timeout client`. @default 60 */
  readonly clientSeconds?: number;
  /** `timeout server`. @default 60 */
  readonly serverSeconds?: number;
  /** `timeout check`. @default 10 */
  readonly checkSeconds?: number;
}

/** Per-service HAProxy settings. */
export interface BackendProps {
  /** `balance`. @default BalanceAlgorithm.ROUND_ROBIN */
  readonly balance?: BalanceAlgorithm;
  /** Milliseconds between health checks of one server (`inter`). @default 2000 (kolla) */
  readonly checkIntervalMs?: number;
  /** Consecutive passed checks before a server is used again (`rise`). @default 2 (kolla) */
  readonly rise?: number;
  /** Consecutive failed checks before a server is taken out (`fall`). @default 3 (openstack-ansible; kolla uses 5) */
  readonly fall?: number;
  /**
   * A plain-HTTP port on the load balancer that answers every request with a 308 redirect to
   * this service's https URL. Needs `LoadBalancerProps.tls`.
   * @default - no redirect port
   */
  readonly redirectHttpPort?: number;
}

export interface TimeoutsModel {
  readonly httpRequestSeconds: number;
  readonly httpKeepAliveSeconds: number;
  readonly queueSeconds: number;
  readonly connectSeconds: number;
  readonly clientSeconds: number;
  readonly serverSeconds: number;
  readonly checkSeconds: number;
}

export interface BackendServer {
  readonly name: string;
  /** DNS name on the deployment network (the container name). */
  readonly host: string;
  readonly port: number;
}

export interface LbServiceModel {
  readonly name: string;
  /** Port of the HAProxy frontend (inside the container and published). */
  readonly port: number;
  readonly healthPath: string;
  /**
   * Host header of the health check: the host of the service's internal URL (the load
   * balancer's name), which a client on the deployment network sends too, so an app that
   * checks Host (Django's ALLOWED_HOSTS) answers the check as it answers its clients.
   */
  readonly checkHost: string;
  readonly expectStatus: number;
  readonly balance: BalanceAlgorithm;
  readonly checkIntervalMs: number;
  readonly rise: number;
  readonly fall: number;
  readonly servers: readonly BackendServer[];
  /** The servers are web tiers in front of app containers: also retry their 5xx for GET/HEAD/OPTIONS. */
  readonly serversAreWebTiers?: boolean;
  /** Plain-HTTP port that redirects to the https URL (TLS only). */
  readonly redirectHttpPort?: number;
  /**
   * Port of the TLS bind inside the HAProxy container, published on the host as `port`; the
   * plain bind on `port` then serves the deployment network only. Set by the load balancer.
   */
  readonly tlsPort?: number;
}

/** TLS termination at HAProxy. */
export interface TlsModel {
  /** Certificate chain in the container; HAProxy finds the key in `<file>.key`. */
  readonly certificateFile: string;
  /** Host name of the https URLs, for the Location of redirects. */
  readonly publicHostname: string;
}

export interface LoadBalancerModel {
  readonly bindAddress: string;
  /** Loopback port of the `monitor-uri` frontend the container's healthcheck probes. */
  readonly monitorPort: number;
  readonly maxConnections: number;
  readonly retries: number;
  readonly timeouts: TimeoutsModel;
  readonly services: readonly LbServiceModel[];
  /** Present when HAProxy terminates TLS. */
  readonly tls?: TlsModel;
}

const secs = (path: string, what: string, v: number | undefined, d: number) =>
  integer(path, `timeouts.${what}`, given(v, d), 1, 7 * 86400, 'use 1 second to 7 days');

export function resolveTimeouts(path: string, t: LoadBalancerTimeouts | undefined): TimeoutsModel {
  const p = t ?? {};
  return {
    httpRequestSeconds: secs(path, 'httpRequestSeconds', p.httpRequestSeconds, 10),
    httpKeepAliveSeconds: secs(path, 'httpKeepAliveSeconds', p.httpKeepAliveSeconds, 10),
    queueSeconds: secs(path, 'queueSeconds', p.queueSeconds, 60),
    connectSeconds: secs(path, 'connectSeconds', p.connectSeconds, 10),
    clientSeconds: secs(path, 'clientSeconds', p.clientSeconds, 60),
    serverSeconds: secs(path, 'serverSeconds', p.serverSeconds, 60),
    checkSeconds: secs(path, 'checkSeconds', p.checkSeconds, 10),
  };
}

export function resolveBackend(
  path: string,
  props: BackendProps | undefined,
  base: {
    name: string;
    port: number;
    healthPath: string;
    checkHost: string;
    servers: BackendServer[];
    serversAreWebTiers?: boolean;
  },
): LbServiceModel {
  const p = props ?? {};
  const balance = given(p.balance, BalanceAlgorithm.ROUND_ROBIN);
  if (!Object.values(BalanceAlgorithm).includes(balance)) {
    throw new WsgiformError(
      path,
      `balance=${literal(path, 'balance', String(balance))}: use roundrobin, leastconn or source`,
    );
  }
  return {
    ...base,
    expectStatus: 200,
    balance,
    checkIntervalMs: integer(
      path,
      'checkIntervalMs',
      given(p.checkIntervalMs, 2000),
      100,
      3_600_000,
      'use 100 ms to 1 h',
    ),
    rise: integer(path, 'rise', given(p.rise, 2), 1, 100, 'use 1 to 100 checks'),
    fall: integer(path, 'fall', given(p.fall, 3), 1, 100, 'use 1 to 100 checks'),
    ...(p.redirectHttpPort !== undefined
      ? { redirectHttpPort: port(path, 'redirectHttpPort', p.redirectHttpPort) }
      : {}),
  };
}

/** Rejects two services (or redirects) on one HAProxy port. */
export function checkPortsUnique(path: string, services: readonly LbServiceModel[]): void {
  const seen = new Map<number, string>();
  const claim = (p: number, who: string, fix: string) => {
    const other = seen.get(p);
    if (other !== undefined) {
      throw new WsgiformError(
        path,
        `port=${p}: both ${other} and ${who} want it on this load balancer; ${fix}`,
      );
    }
    seen.set(p, who);
  };
  for (const s of services) {
    claim(s.port, s.name, 'give one of them another publicPort');
    if (s.redirectHttpPort !== undefined)
      claim(s.redirectHttpPort, `${s.name}'s redirectHttpPort`, 'choose another redirectHttpPort');
  }
}

/** First in-container port of the TLS binds; each service takes the next port no one uses. */
export const TLS_PORT_BASE = 9443;

/**
 * In-container ports of the TLS binds, one per service, in registration order, skipping every
 * port the load balancer already listens on.
 */
export function allocateTlsPorts(services: readonly LbServiceModel[], reserved: readonly number[]): number[] {
  const used = new Set<number>([
    ...reserved,
    ...services.map((s) => s.port),
    ...services.flatMap((s) => (s.redirectHttpPort === undefined ? [] : [s.redirectHttpPort])),
  ]);
  let next = TLS_PORT_BASE;
  return services.map(() => {
    while (used.has(next)) next++;
    used.add(next);
    return next;
  });
}
