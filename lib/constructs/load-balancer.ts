import { existsSync } from 'node:fs';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { WsgiformError } from '../core/errors';
import { given, integer, literal, port, seconds } from '../core/validate';
import {
  checkPortsUnique,
  resolveTimeouts,
  type LbServiceModel,
  type LoadBalancerTimeouts,
} from '../model/loadbalancer';
import { planLoadBalancer } from '../plan/load-balancer';
import type { DockerHost } from '../targets/docker/host';
import type { TlsCertificate } from './tls';

/** TLS termination at the load balancer. */
export interface LoadBalancerTlsProps {
  /** The certificate chain and key HAProxy presents: `TlsCertificate.fromVariables(...)` or `.fromHostFiles(...)`. */
  readonly certificate: TlsCertificate;
}

export interface LoadBalancerOptions {
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

export interface LoadBalancerProps extends LoadBalancerOptions {
  readonly host: DockerHost;
}

/** What an ApiService hands the load balancer. */
interface Registration {
  readonly model: LbServiceModel;
  readonly path: string;
}

/**
 * HAProxy in front of the deployment's API services: one frontend and backend per service,
 * L7 health checks, backends found through Docker's DNS.
 */
export class LoadBalancer extends Construct {
  readonly host: DockerHost;
  /** Container name, also HAProxy's DNS name on the deployment network. */
  readonly containerName: string;
  readonly publicHostname: string;
  private readonly registrations: Registration[] = [];
  private readonly tls: boolean;

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
    const timeouts = resolveTimeouts(path, props.timeouts);
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
    if (certificate?._hostFiles && props.host.socketPath) {
      // Docker creates a missing bind source as a directory, and HAProxy then fails to start.
      for (const f of [certificate._hostFiles.certificatePath, certificate._hostFiles.privateKeyPath]) {
        if (!existsSync(f))
          Annotations.of(this).addWarning(
            `tls: ${f} does not exist on this machine; it must exist on the Docker engine's host before deploy`,
          );
      }
    }
    this.tls = certificate !== undefined;
    this.node.addValidation({
      validate: () =>
        this.registrations.length === 0
          ? [`[${path}] has no services: pass it as 'lb' to an ApiService`]
          : [],
    });
    // HAProxy's config lists every service, so it is planned once all of them have registered.
    props.host._atSynth(() =>
      props.host._deploy(
        this,
        'container',
        planLoadBalancer({
          origin: path,
          name: this.containerName,
          bindAddress,
          maxConnections,
          retries,
          timeouts,
          stopGraceSeconds,
          services: this.registrations.map((r) => r.model),
          tls: certificate && {
            publicHostname: this.publicHostname,
            pem: certificate._markers,
            hostFiles: certificate._hostFiles,
          },
        }),
      ),
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
}
