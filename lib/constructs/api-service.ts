import { Construct } from 'constructs';
import { WsgiformError } from '../core/errors';
import { FrontendKind } from '../core/frontend-kind';
import type { WiringName } from '../core/markers';
import { given, integer, literal, port, seconds, stringMap } from '../core/validate';
import type { ConfigFile } from '../definition/config-file';
import type { ServiceDefinition } from '../definition/service-definition';
import { resolveFrontend } from '../model/frontend';
import { resolveHealth, type HealthCheckProps } from '../model/health';
import { resolveBackend, type BackendProps } from '../model/loadbalancer';
import {
  checkServiceParts,
  resolveDefinition,
  resolveServiceConfig,
  type ServiceModel,
} from '../model/service';
import { planService } from '../plan/service';
import { isTwoTier } from '../render/frontend';
import type { CatalogRegistration } from '../render/bootstrap';
import type { DockerHost } from '../targets/docker/host';
import type { Cache, MessageBus } from './backends';
import type { Database } from './database';
import { Frontend } from './frontend';
import type { LoadBalancer } from './load-balancer';
import { Secret } from './secret';

/** Docker restart policies for the API containers. */
export enum RestartPolicy {
  /** Restart on exit unless an operator stopped the container (kolla's pre-systemd choice). */
  UNLESS_STOPPED = 'unless-stopped',
  /** Restart on exit, always. */
  ALWAYS = 'always',
  /** Restart only after a non-zero exit. */
  ON_FAILURE = 'on-failure',
}

/** Options of a service, whether added with `ControlPlane.addService` or built as an ApiService. */
export interface ServiceOptions {
  /** The service: `BuiltinServices.named('cinder')`, or your own `new ServiceDefinition({...})`. */
  readonly service: ServiceDefinition;
  /** How the API is served. @default Frontend.apacheModWsgi() */
  readonly frontend?: Frontend;
  /** Containers running the API, all behind the load balancer. @default 2 */
  readonly replicas?: number;
  /** Port of the service on the load balancer (and published on the host). @default the service's port */
  readonly publicPort?: number;
  /** Balance algorithm and check timing of this service's HAProxy backend. */
  readonly backend?: BackendProps;
  /** Password of the service's database user; needed when the service has a database. @default - no database */
  readonly databasePassword?: Secret;
  /**
   * The service whose databases this one reads, for a definition whose database is another's
   * (`database.ownedBy`: Nova's metadata API reads Nova's). @default - none
   */
  readonly databaseOwner?: ApiService;
  /**
   * The identity service (Keystone) the service registers in and validates tokens with, or,
   * for a dashboard (`identityLogin`), signs its users in at. @default - none
   */
  readonly identity?: ApiService;
  /** Password of the service's Keystone user (needed with `identity`, except for a dashboard). @default - none */
  readonly servicePassword?: Secret;
  /** Password of the `admin` user, for the identity service itself (Keystone). @default - none */
  readonly adminPassword?: Secret;
  /**
   * The service's own secrets, one for each name its definition lists in `secrets` (Swift's
   * `hash_path_suffix`). @default - none: only for services that list none
   */
  readonly secrets?: { [name: string]: Secret };
  /** Catalog region, for the identity service itself. @default 'RegionOne' */
  readonly region?: string;
  /**
   * Options merged over the service's defaults in its main config file (`keystone.conf`,
   * `cinder.conf`): `{ section: { option: value } }`. Values may embed `Secret.value`.
   * @default - the service's defaults
   */
  readonly config?: { [section: string]: { [option: string]: string } };
  /** More files for the service's containers (paste ini, policy, raw files). @default - none */
  readonly extraFiles?: ConfigFile[];
  /** Extra process environment of the API containers. @default - none */
  readonly env?: { [name: string]: string };
  /** Docker healthcheck (and HAProxy check path). */
  readonly healthCheck?: HealthCheckProps;
  /** @default RestartPolicy.UNLESS_STOPPED */
  readonly restartPolicy?: RestartPolicy;
  /** Seconds between SIGTERM and SIGKILL on stop. @default 60 (kolla `docker_graceful_timeout`) */
  readonly stopGraceSeconds?: number;
  /**
   * Let the deployment's Watchdog restart replicas that stay unhealthy (a label it looks for).
   * An explicit `true` without a Watchdog on the host is a synth-time error. @default true
   */
  readonly watchdog?: boolean;
}

export interface ApiServiceProps extends ServiceOptions {
  readonly host: DockerHost;
  /** HAProxy that balances the replicas; on the same host. */
  readonly lb: LoadBalancer;
  /** MariaDB for services that have a database; on the same host. @default - none */
  readonly database?: Database;
  /** RabbitMQ, for services that use a message bus; on the same host. @default - none */
  readonly messageBus?: MessageBus;
  /** Memcached, for services that use a cache; on the same host. @default - none */
  readonly cache?: Cache;
}

/**
 * One WSGI API service: its replicas under the chosen frontend behind the load balancer and,
 * where the service has them, its database on the shared MariaDB, its Keystone registration,
 * and a one-shot bootstrap job (migrations, bootstrap commands, catalog entry) that runs before
 * the replicas start.
 */
export class ApiService extends Construct {
  readonly name: string;
  readonly host: DockerHost;
  readonly definition: ServiceDefinition;
  /** URL clients use, through the load balancer. */
  readonly publicUrl: string;
  /** URL containers on the deployment network use, through the load balancer. */
  readonly internalUrl: string;
  /** Catalog region (Keystone's own, or the one of the identity service it registers with). */
  readonly region: string;
  /** Names of the app containers, one per replica. */
  readonly replicaNames: string[];
  /** Names of the containers HAProxy sends requests to: the web tier's, else the replicas'. */
  readonly servingNames: string[];
  /** Name of the bootstrap job's container, when the service has anything to bootstrap. */
  readonly bootstrapName?: string;
  /** The loadbalancer container this service is behind. */
  private readonly lbName: string;
  /** @internal */
  readonly _model: ServiceModel;
  /** URLs of the service's databases by wiring name (`database_url`, `database_url_<suffix>`). @internal */
  readonly _databaseUrls: Readonly<Record<string, string>>;
  private readonly adminPassword?: Secret;
  private readonly clients = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const path = this.node.path;
    const host = props.host;
    this.host = host;
    this.definition = props.service;
    const svc = resolveDefinition(path, props.service);
    this._model = svc;
    this.name = literal(path, 'id', id);
    checkSameHost(path, host, {
      lb: props.lb.host,
      database: props.database?.host,
      messageBus: props.messageBus?.host,
      cache: props.cache?.host,
      identity: props.identity?.host,
      databaseOwner: props.databaseOwner?.host,
    });

    const replicas = integer(path, 'replicas', given(props.replicas, 2), 1, 64, 'run at least 1 replica');
    const chosen = given(props.frontend, Frontend.apacheModWsgi());
    const frontend = resolveFrontend(path, chosen.kind, chosen._props, svc);
    const health = resolveHealth(path, props.healthCheck, svc);
    const publicPort = port(path, 'publicPort', given(props.publicPort, svc.port));
    const stopGraceSeconds = seconds(path, 'stopGraceSeconds', props.stopGraceSeconds, 60);
    const env = stringMap(path, 'env', props.env);
    const restart = given(props.restartPolicy, RestartPolicy.UNLESS_STOPPED);
    const identity = props.identity;

    checkServiceParts(path, svc, {
      database: props.database !== undefined,
      databasePassword: props.databasePassword !== undefined,
      identity: identity && {
        path: identity.node.path,
        isIdentityService: identity._model.identityApiPath !== undefined,
      },
      servicePassword: props.servicePassword !== undefined,
      adminPassword: props.adminPassword !== undefined,
      region: props.region !== undefined,
      messageBus: props.messageBus !== undefined,
      cache: props.cache !== undefined,
    });
    const provider = svc.identityApiPath !== undefined;
    this.adminPassword = props.adminPassword;
    this.region = provider
      ? literal(path, 'region', given(props.region, 'RegionOne'))
      : (identity?.region ?? 'RegionOne');

    const names = Array.from({ length: replicas }, (_, i) => host.objectName(path, `${id}-${i + 1}`));
    // Two-tier frontends put a web container in front of each app container; HAProxy balances those.
    const webNames = isTwoTier(frontend)
      ? Array.from({ length: replicas }, (_, i) => host.objectName(path, `${id}-web-${i + 1}`))
      : undefined;
    this.replicaNames = names;
    this.servingNames = webNames ?? names;
    const bootstrapName = host.objectName(path, `${id}-bootstrap`);
    this.lbName = props.lb.containerName;
    this.publicUrl = props.lb.publicUrl(publicPort);
    this.internalUrl = props.lb.internalUrl(publicPort);
    props.lb._addService(
      path,
      resolveBackend(path, props.backend, {
        name: id,
        port: publicPort,
        healthPath: health.path,
        checkHost: props.lb.containerName,
        servers: this.servingNames.map((n) => ({ name: n, host: n, port: frontend.port })),
        // A web tier answers 5xx while its app container restarts: HAProxy retries GETs elsewhere.
        serversAreWebTiers: webNames !== undefined,
      }),
    );

    const wiring: Partial<Record<WiringName, string>> = {
      public_url: this.publicUrl,
      internal_url: this.internalUrl,
      region: this.region,
      workers: String(frontend.kind === FrontendKind.STANDALONE ? frontend.workers : 1),
    };
    if (props.database) {
      wiring.database_url = props.database._addGrant(
        path,
        id,
        props.databasePassword!,
        svc.databaseCharacterSet,
      );
      for (const suffix of svc.additionalDatabases)
        wiring[`database_url_${suffix}`] = props.database._addGrant(
          path,
          id,
          props.databasePassword!,
          svc.databaseCharacterSet,
          suffix,
        );
    }
    const owner = ownerDatabases(path, svc, props.databaseOwner);
    Object.assign(wiring, owner?.urls);
    this._databaseUrls = Object.fromEntries(
      Object.entries(wiring).filter(
        (e): e is [string, string] => e[0].startsWith('database_url') && e[1] !== undefined,
      ),
    );
    const companionNames = Object.fromEntries(
      svc.companions.map((c) => [
        c.name,
        Array.from({ length: c.replicas }, (_, i) => host.objectName(path, `${id}-${c.name}-${i + 1}`)),
      ]),
    );
    for (const [c, containers] of Object.entries(companionNames))
      wiring[`companion_host_${c}`] = containers[0];
    for (const [name, secret] of Object.entries(serviceSecrets(path, svc, props.secrets)))
      wiring[`secret_${name}`] = secret.value;
    if (props.adminPassword) wiring.admin_password = props.adminPassword.value;
    if (props.messageBus) wiring.transport_url = props.messageBus.transportUrl;
    if (props.cache) wiring.memcached_servers = props.cache.servers;
    let registration: CatalogRegistration | undefined;
    if (identity) {
      wiring.identity_public_url = identity.publicUrl;
      wiring.identity_internal_url = identity.internalUrl;
    }
    if (identity && svc.catalog) {
      identity._addClient(path, svc.name, svc.catalog.type);
      Object.assign(wiring, {
        service_user: svc.name,
        service_password: props.servicePassword!.value,
      });
      registration = {
        admin: {
          authUrl: `${identity.internalUrl}${identity._model.identityApiPath}`,
          username: 'admin',
          password: identity.adminPassword!.value,
          projectName: 'admin',
          region: this.region,
        },
        serviceUser: svc.name,
        servicePassword: props.servicePassword!.value,
        serviceType: svc.catalog.type,
        serviceName: svc.catalog.name,
        description: svc.catalog.description,
        publicUrl: `${this.publicUrl}${svc.catalog.path}`,
        internalUrl: `${this.internalUrl}${svc.catalog.path}`,
        waitAttempts: 90,
      };
    }
    const config = resolveServiceConfig(path, svc, props.service, {
      database: props.database !== undefined || owner !== undefined,
      identity: identity !== undefined,
      messaging: props.messageBus !== undefined,
      cache: props.cache !== undefined,
      wiring,
      config: props.config,
      extraFiles: props.extraFiles ?? [],
    });

    const plan = planService({
      origin: path,
      key: id,
      service: svc,
      config,
      frontend,
      health,
      names: {
        bootstrap: bootstrapName,
        replicas: names,
        web: webNames,
        companions: companionNames,
      },
      env,
      restart,
      stopGraceSeconds,
      watchdog: props.watchdog !== false,
      registration,
      bootstrapAfter: [
        ...(props.database ? [props.database.containerName] : []),
        // The owner's bootstrap job migrates the databases this service reads.
        ...(owner?.after ?? []),
        ...(props.messageBus ? [props.messageBus.containerName] : []),
        ...(props.cache ? [props.cache.containerName] : []),
        ...(identity ? [...identity.servingNames, this.lbName] : []),
      ],
    });
    if (props.watchdog === true) {
      host._atSynth(() => {
        if (!host._hasRole('watchdog'))
          throw new WsgiformError(
            path,
            'watchdog=true: the deployment has no Watchdog; add one (new Watchdog(...)) or drop the flag',
          );
      });
    }
    if (plan.bootstrap) {
      this.bootstrapName = plan.bootstrap.name;
      host._deploy(this, 'bootstrap', plan.bootstrap);
    }
    plan.replicas.forEach((r, i) => host._deploy(this, `replica-${i + 1}`, r));
    plan.web.forEach((w, i) => host._deploy(this, `web-${i + 1}`, w));
    plan.companions.forEach((c) => host._deploy(this, c.key, c.spec));
  }

  /**
   * Registers a service that uses this identity service; two may not share a Keystone user or
   * a catalog type (the second would overwrite the first's password and never get endpoints).
   * @internal
   */
  _addClient(path: string, user: string, catalogType: string): void {
    for (const [what, key] of [
      ['Keystone user', `user:${user}`],
      ['catalog type', `type:${catalogType}`],
    ]) {
      const other = this.clients.get(key);
      if (other !== undefined)
        throw new WsgiformError(
          path,
          `${what} ${key.split(':')[1]} is already used by ${other} in ${this.node.path}; deploy each service once per identity service`,
        );
      this.clients.set(key, path);
    }
  }
}

/** Every part of a service must be on the service's own host. */
function checkSameHost(path: string, host: DockerHost, parts: Record<string, DockerHost | undefined>): void {
  for (const [what, other] of Object.entries(parts)) {
    if (other !== undefined && other !== host)
      throw new WsgiformError(
        path,
        `${what} is on host ${other.node.path}, this service on ${host.node.path}; put every part of a deployment on one host`,
      );
  }
}

/** The databases of the service's database owner, checked against what the definition says. */
function ownerDatabases(
  path: string,
  svc: ServiceModel,
  owner: ApiService | undefined,
): { urls: Record<string, string>; after: string[] } | undefined {
  if (svc.databaseOwner === undefined) {
    if (owner)
      throw new WsgiformError(
        path,
        `databaseOwner=${owner.node.path}: service ${svc.name} reads no other service's database; drop it`,
      );
    return undefined;
  }
  if (!owner)
    throw new WsgiformError(
      path,
      `databaseOwner is missing: service ${svc.name} reads the databases of ${svc.databaseOwner}; pass the ApiService of ${svc.databaseOwner} as databaseOwner`,
    );
  if (owner.definition.name !== svc.databaseOwner)
    throw new WsgiformError(
      path,
      `databaseOwner=${owner.node.path}: that is service ${owner.definition.name}; ${svc.name} reads the databases of ${svc.databaseOwner}`,
    );
  if (owner._databaseUrls.database_url === undefined)
    throw new WsgiformError(
      path,
      `databaseOwner=${owner.node.path}: it was deployed without a database; give it one`,
    );
  const urls: Record<string, string> = { database_url: owner._databaseUrls.database_url };
  for (const suffix of svc.additionalDatabases) {
    const url = owner._databaseUrls[`database_url_${suffix}`];
    if (url === undefined)
      throw new WsgiformError(
        path,
        `databaseOwner=${owner.node.path}: ${owner.definition.name} has no database '${suffix}' (its additionalDatabases); drop it from ${svc.name}'s`,
      );
    urls[`database_url_${suffix}`] = url;
  }
  return { urls, after: owner.bootstrapName ? [owner.bootstrapName] : [] };
}

/** The operator's secrets for the names the definition lists: each given, none extra. */
function serviceSecrets(
  path: string,
  svc: ServiceModel,
  given: { [name: string]: Secret } | undefined,
): Record<string, Secret> {
  const out: Record<string, Secret> = {};
  for (const s of svc.secrets) {
    const secret = given?.[s.name];
    if (secret === undefined)
      throw new WsgiformError(
        path,
        `secrets.${s.name} is missing: service ${svc.name} needs it (${s.description}); pass secrets: { ${s.name}: new Secret(...) }`,
      );
    if (!(secret instanceof Secret))
      throw new WsgiformError(
        path,
        `secrets.${s.name}=${String(secret)}: must be a Secret (new Secret(...))`,
      );
    out[s.name] = secret;
  }
  for (const name of Object.keys(given ?? {}))
    if (!(name in out))
      throw new WsgiformError(
        path,
        svc.secrets.length === 0
          ? `secrets.${name}: service ${svc.name} has no secrets of its own; drop it`
          : `secrets.${name}: service ${svc.name} has no secret of that name; it takes ${svc.secrets.map((s) => s.name).join(', ')}`,
      );
  return out;
}
