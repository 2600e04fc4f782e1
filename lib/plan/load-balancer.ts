// Pure planner of the HAProxy container from every service the load balancer serves.
import { atPath } from '../core/errors';
import { bundledImage } from '../core/image';
import { CONF_DIR, START_SCRIPT, type RenderedFile } from '../core/layout';
import { allocateTlsPorts, type LbServiceModel, type TimeoutsModel } from '../model/loadbalancer';
import { HAPROXY_CONF, renderHaproxy } from '../render/haproxy';
import { renderStartScript } from '../render/start-script';
import {
  LABELS,
  healthcheckHash,
  httpProbe,
  type BindSpec,
  type ContainerSpec,
  type HealthcheckSpec,
} from './container-spec';

/** Port of HAProxy's `monitor-uri` frontend, on loopback inside its container. */
export const MONITOR_PORT = 8405;
/** The certificate chain in the container; HAProxy loads the key from `<chain>.key`. */
export const TLS_CERTIFICATE_FILE = `${CONF_DIR}/tls/server.pem`;

export interface LoadBalancerPlanInput {
  readonly origin: string;
  readonly name: string;
  readonly bindAddress: string;
  readonly maxConnections: number;
  readonly retries: number;
  readonly timeouts: TimeoutsModel;
  readonly stopGraceSeconds: number;
  readonly services: readonly LbServiceModel[];
  /** TLS termination: the certificate as uploaded PEM (secret markers) or host files. */
  readonly tls?: {
    readonly publicHostname: string;
    readonly pem?: { readonly certificate: string; readonly privateKey: string };
    readonly hostFiles?: { readonly certificatePath: string; readonly privateKeyPath: string };
  };
}

export function planLoadBalancer(m: LoadBalancerPlanInput): ContainerSpec {
  const tlsPorts = m.tls ? allocateTlsPorts(m.services, [MONITOR_PORT]) : [];
  const services = m.services.map((s, i) => (m.tls ? { ...s, tlsPort: tlsPorts[i] } : s));
  const healthcheck: HealthcheckSpec = {
    test: httpProbe(MONITOR_PORT, '/healthz', 3, 'wsgiform-healthcheck'),
    intervalSeconds: 5,
    timeoutSeconds: 3,
    retries: 3,
    startPeriodSeconds: 5,
  };
  const tlsFiles: RenderedFile[] = m.tls?.pem
    ? [
        // Verbatim PEM, never through a config writer; 0600 root (HAProxy reads it as root at start).
        { path: TLS_CERTIFICATE_FILE, content: `${m.tls.pem.certificate}\n`, mode: 0o600 },
        { path: `${TLS_CERTIFICATE_FILE}.key`, content: `${m.tls.pem.privateKey}\n`, mode: 0o600 },
      ]
    : [];
  const binds: BindSpec[] = m.tls?.hostFiles
    ? [
        { hostPath: m.tls.hostFiles.certificatePath, path: TLS_CERTIFICATE_FILE, readOnly: true },
        { hostPath: m.tls.hostFiles.privateKeyPath, path: `${TLS_CERTIFICATE_FILE}.key`, readOnly: true },
      ]
    : [];
  const config = atPath(m.origin, () =>
    renderHaproxy(
      {
        bindAddress: m.bindAddress,
        maxConnections: m.maxConnections,
        retries: m.retries,
        timeouts: m.timeouts,
        monitorPort: MONITOR_PORT,
        services,
        tls: m.tls && { certificateFile: TLS_CERTIFICATE_FILE, publicHostname: m.tls.publicHostname },
      },
      m.origin,
    ),
  );
  const start = renderStartScript({
    origin: m.origin,
    files: [],
    staleFiles: [],
    env: {},
    exec: ['/usr/sbin/haproxy', '-W', '-db', '-f', HAPROXY_CONF],
  });
  return {
    name: m.name,
    image: bundledImage('haproxy'),
    command: [START_SCRIPT],
    env: {},
    files: [start, config, ...tlsFiles],
    // With TLS the host's port reaches the TLS bind; the plain bind on the same number stays on
    // the deployment network.
    ports: services.flatMap((s) => [
      { internal: s.tlsPort ?? s.port, external: s.port },
      ...(s.redirectHttpPort === undefined
        ? []
        : [{ internal: s.redirectHttpPort, external: s.redirectHttpPort }]),
    ]),
    healthcheck,
    restart: 'unless-stopped',
    labels: {
      [LABELS.role]: 'load-balancer',
      [LABELS.service]: 'haproxy',
      [LABELS.watchdog]: 'enabled',
      [LABELS.healthcheckHash]: healthcheckHash(healthcheck),
    },
    aliases: [],
    volumes: [],
    binds,
    stopGraceSeconds: m.stopGraceSeconds,
    oneShot: false,
    waitHealthySeconds: 60,
    dependsOn: [],
  };
}
