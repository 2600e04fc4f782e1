import { existsSync } from 'node:fs';
import { container } from '@cdktf/provider-docker';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { WsgiformError, atPath } from '../model/errors';
import {
  allocateTlsPorts,
  checkPortsUnique,
  resolveTimeouts,
  type LbServiceModel,
  type LoadBalancerTimeouts,
  type TimeoutsModel,
  type TlsModel,
} from '../model/loadbalancer';
import { given, integer, literal, port, seconds } from '../model/validate';
import { CONF_DIR, START_SCRIPT, type RenderedFile } from '../render/file';
import { HAPROXY_CONF, renderHaproxy } from '../render/haproxy';
import { renderStartScript } from '../render/start-script';
import {
  LABELS,
  healthcheckHash,
  httpProbe,
  type BindSpec,
  type HealthcheckSpec,
} from '../spec/container-spec';
import type { DockerHost } from '../targets/docker-host';
import type { TlsCertificate } from './tls';

/** TLS termination at the load balancer. */
export interface LoadBalancerTlsProps {
  /** The certificate chain and key HAProxy presents: `TlsCertificate.fromVariables(...)` or `.fromHostFiles(...)`. */
  readonly certificate: TlsCertificate;
}

export interface LoadBalancerProps {
  readonly host: DockerHost;
  /** Address HAProxy binds its frontends to inside its container. @default '0.0.0.0' */
  readonly bindAddress?: string;
  /**
   * Host name clients use to reach the published ports; it goes into the Keystone catalog.
   * @default the host's publishAddress
   */
  readonly publicHostname?: string;
  /** `maxconn` of the process. @default 4096 */
  readonly maxConnections?: number;
  /** `retries` on connection failure, with `option redispatch` to another server. @default 3 */
  readonly retries?: number;
  /** Timeouts; defaults are kolla-ansible's. */
  readonly timeouts?: LoadBalancerTimeouts;
  /** Seconds HAProxy gets to finish requests on stop. @default 30 */
  readonly stopGraceSeconds?: number;
  /**
   * Terminate TLS here: every published service port speaks https, `publicUrl` is https, and
   * HAProxy sets `X-Forwarded-Proto: https` for those requests. The deployment network keeps
   * plain HTTP (`internalUrl`). @default - no TLS: plain HTTP everywhere
   */
  readonly tls?: LoadBalancerTlsProps;
}

/** What an ApiService hands the load balancer. */
interface Registration {
  readonly model: LbServiceModel;
  readonly path: string;
}

/** Port of HAProxy's `monitor-uri` frontend, on loopback inside its container. */
const MONITOR_PORT = 8405;
/** The certificate chain in the container; HAProxy loads the key from `<chain>.key`. */
export const TLS_CERTIFICATE_FILE = `${CONF_DIR}/tls/server.pem`;

/**
 * HAProxy in front of the deployment's API services: one frontend and backend per service,
 * L7 health checks, backends found through Docker's DNS.
 */
export class LoadBalancer extends Construct {
  readonly host: DockerHost;
  /** Container name, also HAProxy's DNS name on the deployment network. */
  readonly containerName: string;
  readonly publicHostname: string;
  readonly container: container.Container;
  private readonly registrations: Registration[] = [];
  private readonly timeouts: TimeoutsModel;
  private readonly tls?: TlsModel;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const path = this.node.path;
    this.host = props.host;
    this.containerName = props.host.objectName(path, id);
    this.publicHostname = literal(
      path,
      'publicHostname',
      given(props.publicHostname, props.host.publishAddress),
    );
    this.timeouts = resolveTimeouts(path, props.timeouts);
    const bindAddress = literal(path, 'bindAddress', given(props.bindAddress, '0.0.0.0'));
    const maxConnections = integer(
      path,
      'maxConnections',
      given(props.maxConnections, 4096),
      1,
      1_000_000,
      'use at least 1',
    );
    const retries = integer(path, 'retries', given(props.retries, 3), 0, 100, 'use 0 to 100');
    const stopGraceSeconds = seconds(path, 'stopGraceSeconds', props.stopGraceSeconds, 30);
    const certificate = props.tls?.certificate;
    certificate?._check(path);
    if (certificate)
      this.tls = { certificateFile: TLS_CERTIFICATE_FILE, publicHostname: this.publicHostname };
    const tlsFiles: RenderedFile[] = certificate?._markers
      ? [
          // Verbatim PEM, never through a config writer; 0600 root (HAProxy reads it as root at start).
          { path: TLS_CERTIFICATE_FILE, content: `${certificate._markers.certificate}\n`, mode: 0o600 },
          {
            path: `${TLS_CERTIFICATE_FILE}.key`,
            content: `${certificate._markers.privateKey}\n`,
            mode: 0o600,
          },
        ]
      : [];
    const tlsBinds: BindSpec[] = [];
    if (certificate?._hostFiles) {
      const { certificatePath, privateKeyPath } = certificate._hostFiles;
      tlsBinds.push(
        { hostPath: certificatePath, path: TLS_CERTIFICATE_FILE, readOnly: true },
        { hostPath: privateKeyPath, path: `${TLS_CERTIFICATE_FILE}.key`, readOnly: true },
      );
      // Docker creates a missing bind source as a directory, and HAProxy then fails to start.
      for (const f of [certificatePath, privateKeyPath]) {
        if (props.host.socketPath && !existsSync(f))
          Annotations.of(this).addWarning(
            `tls: ${f} does not exist on this machine; it must exist on the Docker engine's host before deploy`,
          );
      }
    }
    this.node.addValidation({
      validate: () =>
        this.registrations.length === 0
          ? [`[${path}] has no services: pass it as 'lb' to an ApiService`]
          : [],
    });

    const healthcheck: HealthcheckSpec = {
      test: httpProbe(MONITOR_PORT, '/healthz', 3, 'wsgiform-healthcheck'),
      intervalSeconds: 5,
      timeoutSeconds: 3,
      retries: 3,
      startPeriodSeconds: 5,
    };
    const startScript = renderStartScript({
      origin: path,
      files: [],
      staleFiles: [],
      env: {},
      exec: ['/usr/sbin/haproxy', '-W', '-db', '-f', HAPROXY_CONF],
    });
    this.container = props.host._addContainer(
      this,
      'container',
      {
        name: this.containerName,
        image: 'haproxy',
        command: [START_SCRIPT],
        env: {},
        files: [startScript],
        ports: [],
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
        binds: tlsBinds,
        stopGraceSeconds,
        oneShot: false,
        waitHealthySeconds: 60,
      },
      [],
      {
        files: () =>
          atPath(path, () => [
            renderHaproxy(
              {
                bindAddress,
                maxConnections,
                retries,
                timeouts: this.timeouts,
                monitorPort: MONITOR_PORT,
                services: this.services(),
                tls: this.tls,
              },
              path,
            ),
            ...tlsFiles,
          ]),
        // With TLS the host's port reaches the TLS bind; the plain bind on the same number stays
        // on the deployment network.
        ports: () =>
          this.services().flatMap((s) => [
            { internal: s.tlsPort ?? s.port, external: s.port },
            ...(s.redirectHttpPort === undefined
              ? []
              : [{ internal: s.redirectHttpPort, external: s.redirectHttpPort }]),
          ]),
      },
    );
  }

  /** URL of a service port as clients outside Docker reach it: https when this load balancer terminates TLS. */
  publicUrl(servicePort: number): string {
    return `${this.tls ? 'https' : 'http'}://${this.publicHostname}:${servicePort}`;
  }

  /**
   * URL of a service port as containers on the deployment network reach it. Always plain
   * HTTP: that traffic never leaves the Docker network, and the services' own clients then
   * need no CA bundle.
   */
  internalUrl(servicePort: number): string {
    return `http://${this.containerName}:${servicePort}`;
  }

  /**
   * Adds a service's frontend and backend.
   * @internal
   */
  _addService(path: string, model: LbServiceModel): void {
    port(path, 'publicPort', model.port);
    if (model.redirectHttpPort !== undefined && !this.tls) {
      throw new WsgiformError(
        path,
        `backend.redirectHttpPort=${model.redirectHttpPort}: ${this.node.path} serves plain HTTP, there is nothing to redirect to; give the load balancer tls or drop the redirect`,
      );
    }
    checkPortsUnique(path, [...this.registrations.map((r) => r.model), model]);
    this.host._reservePort(path, model.port, this.containerName);
    if (model.redirectHttpPort !== undefined)
      this.host._reservePort(path, model.redirectHttpPort, this.containerName);
    this.registrations.push({ model, path });
  }

  /** The registered services, with the in-container ports of their TLS binds. */
  private services(): LbServiceModel[] {
    const models = this.registrations.map((r) => r.model);
    if (!this.tls) return models;
    const tlsPorts = allocateTlsPorts(models, [MONITOR_PORT]);
    return models.map((m, i) => ({ ...m, tlsPort: tlsPorts[i] }));
  }
}
