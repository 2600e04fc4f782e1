import { container } from '@cdktf/provider-docker';
import { Construct } from 'constructs';
import { atPath } from '../model/errors';
import {
  checkPortsUnique,
  resolveTimeouts,
  type LbServiceModel,
  type LoadBalancerTimeouts,
  type TimeoutsModel,
} from '../model/loadbalancer';
import { given, integer, literal, port, seconds } from '../model/validate';
import { START_SCRIPT } from '../render/file';
import { HAPROXY_CONF, renderHaproxy } from '../render/haproxy';
import { renderStartScript } from '../render/start-script';
import { LABELS, healthcheckHash, httpProbe, type HealthcheckSpec } from '../spec/container-spec';
import type { DockerHost } from '../targets/docker-host';

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
}

/** What an ApiService hands the load balancer. */
interface Registration {
  readonly model: LbServiceModel;
  readonly path: string;
}

/** Port of HAProxy's `monitor-uri` frontend, on loopback inside its container. */
const MONITOR_PORT = 8405;

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
        binds: [],
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
                services: this.registrations.map((r) => r.model),
              },
              path,
            ),
          ]),
        ports: () => this.registrations.map((r) => ({ internal: r.model.port, external: r.model.port })),
      },
    );
  }

  /** URL of a service port as clients outside Docker reach it. */
  publicUrl(servicePort: number): string {
    return `http://${this.publicHostname}:${servicePort}`;
  }

  /** URL of a service port as containers on the deployment network reach it. */
  internalUrl(servicePort: number): string {
    return `http://${this.containerName}:${servicePort}`;
  }

  /**
   * Adds a service's frontend and backend.
   * @internal
   */
  _addService(path: string, model: LbServiceModel): void {
    port(path, 'publicPort', model.port);
    checkPortsUnique(path, [...this.registrations.map((r) => r.model), model]);
    this.host._reservePort(path, model.port, this.containerName);
    this.registrations.push({ model, path });
  }
}
