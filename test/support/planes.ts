// The control planes the synth, configcheck and e2e lanes deploy: Keystone and Cinder, two
// replicas each, behind one HAProxy with a watchdog and a shared MariaDB, under any frontends.
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ApiService, BuiltinServices, ControlPlane, Frontend, ImageSource, Secret } from '../../lib';

export interface KeystoneCinderOptions {
  /** Base image of wsgiform's Dockerfiles; tests use a locally imported Debian. */
  readonly baseImage?: string;
  readonly deploymentName?: string;
  readonly keystonePort?: number;
  readonly cinderPort?: number;
  /** @default Apache mod_wsgi, 2 processes */
  readonly keystoneFrontend?: Frontend;
  /** @default Apache mod_wsgi, 2 processes */
  readonly cinderFrontend?: Frontend;
}

export class KeystoneCinder extends TerraformStack {
  readonly plane: ControlPlane;
  readonly keystone: ApiService;
  readonly cinder: ApiService;

  constructor(scope: Construct, id: string, opts: KeystoneCinderOptions = {}) {
    super(scope, id);
    this.plane = new ControlPlane(this, 'plane', {
      host: {
        deploymentName: opts.deploymentName ?? 'wsgiform',
        images: ImageSource.fromDockerfiles({ baseImage: opts.baseImage ?? 'debian:bookworm-slim' }),
      },
    });
    const secret = (name: string, what: string) => new Secret(this, name, { description: what });
    this.keystone = this.plane.addService('keystone', {
      service: BuiltinServices.named('keystone'),
      adminPassword: secret('admin_password', 'Keystone admin password'),
      databasePassword: secret('keystone_db_password', 'Keystone database password'),
      replicas: 2,
      publicPort: opts.keystonePort,
      frontend: opts.keystoneFrontend ?? Frontend.apacheModWsgi({ processes: 2 }),
    });
    this.cinder = this.plane.addService('cinder', {
      service: BuiltinServices.named('cinder'),
      databasePassword: secret('cinder_db_password', 'Cinder database password'),
      identity: this.keystone,
      servicePassword: secret('cinder_service_password', 'Password of the cinder user in Keystone'),
      replicas: 2,
      publicPort: opts.cinderPort,
      frontend: opts.cinderFrontend ?? Frontend.apacheModWsgi({ processes: 2 }),
      // No message bus here: the API answers everything that needs no cinder-scheduler or
      // cinder-volume (volume types, quotas, limits).
      config: { DEFAULT: { transport_url: 'fake://' } },
    });
    new TerraformOutput(this, 'keystone_url', { value: `${this.keystone.publicUrl}/v3` });
    new TerraformOutput(this, 'cinder_url', { value: this.cinder.publicUrl });
  }
}

/** Services of {@link ServicesPlane}: the frontend each runs under and the port it is published on. */
export const SERVICES_UNDER_TEST = {
  placement: { frontend: Frontend.uwsgiHttp(), port: 35701 },
  barbican: { frontend: Frontend.nginxUwsgi(), port: 35702 },
  aodh: { frontend: Frontend.apacheProxyUwsgi(), port: 35703 },
  heat: { frontend: Frontend.apacheModWsgi(), port: 35704 },
  // Uploads are chunked: Glance's own eventlet server, as Debian runs it (the standalone frontend).
  glance: { frontend: Frontend.standalone(), port: 35728 },
} as const;
export const SERVICES_KEYSTONE_PORT = 35700;
/** More services of {@link ServicesPlane}, one replica each: proven by their client calls, not crashed. */
export const MORE_SERVICES = {
  gnocchi: { frontend: Frontend.uwsgiHttp(), port: 35711 },
  magnum: { frontend: Frontend.nginxUwsgi(), port: 35712 },
  manila: { frontend: Frontend.nginxUwsgi(), port: 35713 },
  mistral: { frontend: Frontend.apacheProxyUwsgi(), port: 35714 },
  octavia: { frontend: Frontend.uwsgiHttp(), port: 35715 },
  watcher: { frontend: Frontend.apacheModWsgi(), port: 35716 },
  ironic: { frontend: Frontend.uwsgiHttp(), port: 35717 },
  freezer: { frontend: Frontend.apacheModWsgi(), port: 35718 },
  cloudkitty: { frontend: Frontend.apacheProxyUwsgi(), port: 35719 },
  sahara: { frontend: Frontend.nginxUwsgi(), port: 35720 },
  trove: { frontend: Frontend.apacheModWsgi(), port: 35721 },
  murano: { frontend: Frontend.uwsgiHttp(), port: 35722 },
  designate: { frontend: Frontend.nginxUwsgi(), port: 35724 },
  vitrage: { frontend: Frontend.apacheModWsgi(), port: 35725 },
  neutron: { frontend: Frontend.uwsgiHttp(), port: 35727 },
  nova: { frontend: Frontend.uwsgiHttp(), port: 35729 },
  zaqar: { frontend: Frontend.apacheProxyUwsgi(), port: 35734 },
  // Uploads may be chunked: mod_wsgi with WSGIChunkedRequest On.
  swift: { frontend: Frontend.apacheModWsgi(), port: 35735 },
  // Reads Nova's databases: after nova.
  'nova-metadata': { frontend: Frontend.nginxUwsgi(), port: 35736 },
  senlin: { frontend: Frontend.apacheProxyUwsgi(), port: 35737 },
  // Heat's engine (deployed with heat above) serves it over the message bus.
  'heat-cfn': { frontend: Frontend.uwsgiHttp(), port: 35738 },
} as const;

/**
 * Horizon in {@link ServicesPlane}, once per WSGI frontend (the ids are the ApiService ids); two
 * replicas under mod_wsgi, so a session one replica starts is used on the other.
 */
export const HORIZONS = {
  horizon: { frontend: Frontend.apacheModWsgi(), port: 35730, replicas: 2 },
  'horizon-proxy': { frontend: Frontend.apacheProxyUwsgi(), port: 35731, replicas: 1 },
  'horizon-nginx': { frontend: Frontend.nginxUwsgi(), port: 35732, replicas: 1 },
  'horizon-uwsgi': { frontend: Frontend.uwsgiHttp(), port: 35733, replicas: 1 },
} as const;

/**
 * Docker healthcheck of the services {@link ServicesPlane} does not crash: every 30 s, not 10.
 * Each probe is a `docker exec`; with 50-odd containers on 2 cores the default rate costs the
 * CPU that the crashed services need to come back.
 */
const CALM_HEALTHCHECK = { intervalSeconds: 30, timeoutSeconds: 10 };

/** The prefix of a service's secret variables: its name with '_' for '-' (`heat_cfn_db_password`). */
export function secretId(service: string): string {
  return service.replace(/-/g, '_');
}

export interface ServicesPlaneOptions {
  readonly baseImage?: string;
  readonly deploymentName?: string;
  /** Deploy only these of the services (Keystone always); for working on one service. @default - all */
  readonly only?: string[];
  /** The host's publishAddress: the public URLs' host. @default 127.0.0.1 */
  readonly publishAddress?: string;
}

/**
 * Keystone and more OpenStack APIs (SERVICES_UNDER_TEST with two replicas each, MORE_SERVICES with
 * one), spread over the four WSGI frontends, with RabbitMQ and Memcached; every secret variable
 * is `<name>_password`.
 */
export class ServicesPlane extends TerraformStack {
  readonly plane: ControlPlane;
  readonly services: Record<string, ApiService> = {};

  constructor(scope: Construct, id: string, opts: ServicesPlaneOptions = {}) {
    super(scope, id);
    const secret = (name: string) =>
      new Secret(this, `${name}_password`, { description: `${name} password` });
    this.plane = new ControlPlane(this, 'plane', {
      host: {
        deploymentName: opts.deploymentName ?? 'wsgiform',
        publishAddress: opts.publishAddress,
        images: ImageSource.fromDockerfiles({ baseImage: opts.baseImage ?? 'debian:bookworm-slim' }),
      },
      messageBus: { password: secret('rabbit') },
      cache: {},
    });
    const keystone = this.plane.addService('keystone', {
      service: BuiltinServices.named('keystone'),
      adminPassword: secret('admin'),
      databasePassword: secret('keystone_db'),
      replicas: 1,
      publicPort: SERVICES_KEYSTONE_PORT,
    });
    const groups = [
      [SERVICES_UNDER_TEST, 2],
      [MORE_SERVICES, 1],
    ] as const;
    for (const [group, replicas] of groups) {
      for (const [name, s] of Object.entries(group)) {
        if (opts.only && !opts.only.includes(name)) continue;
        const service = BuiltinServices.named(name);
        const id = secretId(name);
        this.services[name] = this.plane.addService(name, {
          service,
          databasePassword:
            service.props.database && !service.props.database.ownedBy ? secret(`${id}_db`) : undefined,
          databaseOwner: service.props.database?.ownedBy
            ? this.services[service.props.database.ownedBy]
            : undefined,
          // The metadata API registers nothing: instances reach it through Neutron's agent.
          identity: service.props.identity ? keystone : undefined,
          servicePassword: service.props.identity ? secret(`${id}_service`) : undefined,
          secrets: Object.fromEntries(
            (service.props.secrets ?? []).map((x) => [x.name, secret(`${id}_${x.name}`)]),
          ),
          replicas,
          publicPort: s.port,
          frontend: s.frontend,
          healthCheck: replicas === 1 ? CALM_HEALTHCHECK : undefined,
        });
      }
    }
    if (!opts.only || opts.only.includes('horizon')) {
      for (const [id, h] of Object.entries(HORIZONS)) {
        this.services[id] = this.plane.addService(id, {
          service: BuiltinServices.named('horizon'),
          identity: keystone,
          replicas: h.replicas,
          publicPort: h.port,
          frontend: h.frontend,
          healthCheck: CALM_HEALTHCHECK,
        });
      }
    }
  }
}
