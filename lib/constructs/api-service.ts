import { container } from '@cdktf/provider-docker';
import { Construct } from 'constructs';
import { FrontendKind, type ServiceFacts } from '../../modules/module';
import { WsgiformError, atPath } from '../model/errors';
import {
  checkSupported,
  resolveApacheProxyUwsgi,
  resolveModWsgi,
  resolveNginxUwsgi,
  resolveStandalone,
  resolveUwsgiHttp,
  type FrontendModel,
} from '../model/frontend';
import {
  healthyWithinSeconds,
  resolveHealth,
  type HealthCheckProps,
  type HealthModel,
} from '../model/health';
import { resolveBackend, type BackendProps } from '../model/loadbalancer';
import { absolutePath, given, integer, literal, port, seconds, stringMap } from '../model/validate';
import { BOOTSTRAP_SCRIPT, renderBootstrap, type CatalogRegistration } from '../render/bootstrap';
import { PROBE_USER_AGENTS, START_SCRIPT, type RenderedFile } from '../render/file';
import { isTwoTier, renderReplica } from '../render/frontend';
import { IniDialect, mergeIni, renderIni } from '../render/writers/ini';
import {
  LABELS,
  healthcheckHash,
  httpProbe,
  type ContainerSpec,
  type HealthcheckSpec,
} from '../spec/container-spec';
import type { DockerHost } from '../targets/docker-host';
import type { ConfigFile } from './config-file';
import type { Database } from './database';
import { Frontend } from './frontend';
import type { LoadBalancer } from './load-balancer';
import type { Secret } from './secret';
import type { ServiceModule } from './service-module';

/** Docker restart policies for the API containers. */
export enum RestartPolicy {
  /** Restart on exit unless an operator stopped the container (kolla's pre-systemd choice). */
  UNLESS_STOPPED = 'unless-stopped',
  /** Restart on exit, always. */
  ALWAYS = 'always',
  /** Restart only after a non-zero exit. */
  ON_FAILURE = 'on-failure',
}

export interface ApiServiceProps {
  readonly host: DockerHost;
  /** The service: `ServiceModule.keystone({...})`, `ServiceModule.cinder()`. */
  readonly module: ServiceModule;
  /** How the API is served. @default Frontend.apacheModWsgi() */
  readonly frontend?: Frontend;
  /** Containers running the API, all behind the load balancer. @default 2 */
  readonly replicas?: number;
  /** HAProxy that balances the replicas. */
  readonly lb: LoadBalancer;
  /** Port of the service on the load balancer (and published on the host). @default the module's port */
  readonly publicPort?: number;
  /** Balance algorithm and check timing of this service's HAProxy backend. */
  readonly backend?: BackendProps;
  /** Database shared by the replicas. */
  readonly database: Database;
  /** Password of the service's database user. */
  readonly databasePassword: Secret;
  /** Keystone, for services that authenticate requests and register in its catalog. */
  readonly identity?: ApiService;
  /** Password of the service's Keystone user (needed with `identity`). */
  readonly servicePassword?: Secret;
  /**
   * Options merged over the module's defaults in the main config file (`keystone.conf`,
   * `cinder.conf`): `{ section: { option: value } }`. Values may embed `Secret.value`.
   * @default - the module's defaults
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
  /** Let the deployment's Watchdog restart replicas that stay unhealthy. @default true */
  readonly watchdog?: boolean;
}

/**
 * One OpenStack API service: its replicas under the chosen frontend, registered with the load
 * balancer, a database and user on the shared MariaDB, and a one-shot bootstrap job (database
 * migrations, Keystone bootstrap, catalog entry) that runs before the replicas start.
 */
export class ApiService extends Construct {
  readonly name: string;
  /** URL clients use, through the load balancer. */
  readonly publicUrl: string;
  /** URL containers on the deployment network use, through the load balancer. */
  readonly internalUrl: string;
  /** The app containers. */
  readonly replicas: container.Container[] = [];
  /** The web containers of two-tier frontends (Nginx or Apache in front of uWSGI); else empty. */
  readonly webServers: container.Container[] = [];
  readonly bootstrap: container.Container;
  /** @internal */
  readonly _facts: ServiceFacts;
  /** Catalog region (Keystone's own, or the one of the identity service it registers with). */
  readonly region: string;
  private readonly adminPassword?: Secret;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const path = this.node.path;
    const facts = props.module._facts;
    this._facts = facts;
    this.name = literal(path, 'id', id);
    const host = props.host;
    const replicas = integer(path, 'replicas', given(props.replicas, 2), 1, 64, 'run at least 1 replica');
    const frontend = resolveFrontend(path, given(props.frontend, Frontend.apacheModWsgi()), facts);
    const health = resolveHealth(path, props.healthCheck, facts);
    const publicPort = port(path, 'publicPort', given(props.publicPort, facts.port));
    const stopGraceSeconds = seconds(path, 'stopGraceSeconds', props.stopGraceSeconds, 60);
    const env = stringMap(path, 'env', props.env);
    const restart = given(props.restartPolicy, RestartPolicy.UNLESS_STOPPED);
    if (props.module._keystone) {
      this.adminPassword = props.module._keystone.adminPassword;
      this.region = literal(path, 'region', given(props.module._keystone.region, 'RegionOne'));
    } else {
      this.region = props.identity?.region ?? 'RegionOne';
    }
    if (props.identity && !props.identity.adminPassword) {
      throw new WsgiformError(
        path,
        `identity=${props.identity.node.path}: not a Keystone service; pass the ApiService of ServiceModule.keystone(...)`,
      );
    }
    if (props.identity && !props.servicePassword) {
      throw new WsgiformError(
        path,
        `servicePassword is missing: ${facts.name} authenticates against ${props.identity.node.path} and needs a Keystone user password (a Secret)`,
      );
    }
    if (props.identity && !facts.catalog) {
      throw new WsgiformError(path, `identity: ${facts.name} has no catalog entry to register`);
    }

    const names = Array.from({ length: replicas }, (_, i) => host.objectName(path, `${id}-${i + 1}`));
    // Two-tier frontends put a web container in front of each app container; HAProxy balances those.
    const webNames = isTwoTier(frontend)
      ? Array.from({ length: replicas }, (_, i) => host.objectName(path, `${id}-web-${i + 1}`))
      : undefined;
    this.publicUrl = props.lb.publicUrl(publicPort);
    this.internalUrl = props.lb.internalUrl(publicPort);
    props.lb._addService(
      path,
      resolveBackend(path, props.backend, {
        name: id,
        port: publicPort,
        healthPath: health.path,
        servers: (webNames ?? names).map((n) => ({ name: n, host: n, port: frontend.port })),
        // A web tier answers 5xx while its app container restarts: HAProxy retries GETs elsewhere.
        serversAreWebTiers: webNames !== undefined,
      }),
    );

    // Configuration files, shared by the bootstrap job and every replica.
    const grant = {
      database: id.replace(/-/g, '_'),
      user: id.replace(/-/g, '_'),
      password: props.databasePassword.value,
    };
    props.database._addGrant(grant);
    const identity = props.identity;
    const mainConfig = atPath(path, () =>
      renderIni(
        IniDialect.OSLO,
        mergeIni(
          facts.defaultConfig({
            databaseUrl: props.database._url(grant),
            publicUrl: this.publicUrl,
            workers: frontend.kind === FrontendKind.STANDALONE ? frontend.workers : 1,
            identity: identity && {
              publicUrl: identity.publicUrl,
              internalUrl: identity.internalUrl,
              region: this.region,
              serviceUser: facts.name,
              servicePassword: props.servicePassword!.value,
            },
          }),
          checkedSections(path, props.config),
        ),
        `Rendered by wsgiform for ${path}. Do not edit: change the construct's props.`,
      ),
    );
    const configFiles: RenderedFile[] = [
      { path: facts.configFile, content: mainConfig, mode: 0o640, group: facts.group },
      ...(props.extraFiles ?? []).map((f) => {
        absolutePath(path, 'extraFiles path', f.path);
        integer(path, `extraFiles ${f.path} mode`, f.mode, 0, 0o777, 'use a Unix mode such as 0o640');
        return atPath(path, () => f._render(facts.group));
      }),
    ];
    const paths = new Set<string>();
    for (const f of configFiles) {
      if (paths.has(f.path))
        throw new WsgiformError(path, `extraFiles: ${f.path} is written twice; keep one`);
      paths.add(f.path);
    }

    const labels = (role: string) => ({
      [LABELS.role]: role,
      [LABELS.service]: id,
    });
    const volumes = facts.sharedVolumes.map((v) => ({
      volume: `${id}-${v.name}`,
      path: v.path,
      readOnly: false,
    }));

    // The bootstrap job.
    const steps = facts.bootstrap({
      adminPassword: props.module._keystone?.adminPassword.value,
      region: this.region,
      publicUrl: this.publicUrl,
      internalUrl: this.internalUrl,
    });
    const registration: CatalogRegistration | undefined =
      identity && facts.catalog
        ? {
            admin: {
              authUrl: `${identity.internalUrl}/v3`,
              username: 'admin',
              password: identity.adminPassword!.value,
              projectName: 'admin',
              region: this.region,
            },
            serviceUser: facts.name,
            servicePassword: props.servicePassword!.value,
            serviceType: facts.catalog.type,
            serviceName: facts.catalog.name,
            description: facts.catalog.description,
            publicUrl: `${this.publicUrl}${facts.catalog.path}`,
            internalUrl: `${this.internalUrl}${facts.catalog.path}`,
            waitAttempts: 90,
          }
        : undefined;
    const bootstrapFiles = atPath(path, () =>
      renderBootstrap({ origin: path, service: id, files: configFiles, steps, registration }),
    );
    const bootstrapSpec: ContainerSpec = {
      name: host.objectName(path, `${id}-bootstrap`),
      image: facts.image,
      command: [BOOTSTRAP_SCRIPT],
      env: {},
      files: [...configFiles, ...bootstrapFiles],
      ports: [],
      restart: 'no',
      labels: labels('bootstrap'),
      aliases: [],
      volumes,
      binds: [],
      stopGraceSeconds: 10,
      oneShot: true,
    };
    const bootstrapDeps = [
      props.database.container,
      ...(identity ? [...identity.servingContainers, props.lb.container] : []),
    ];
    this.bootstrap = host._addContainer(this, 'bootstrap', bootstrapSpec, bootstrapDeps);

    // The replicas.
    const watchdog: Record<string, string> = given(props.watchdog, true)
      ? { [LABELS.watchdog]: 'enabled' }
      : {};
    const container = (
      name: string,
      image: string,
      files: RenderedFile[],
      probePort: number,
      role: string,
    ) => {
      const healthcheck = dockerHealthcheck(probePort, health);
      const spec: ContainerSpec = {
        name,
        image,
        command: [START_SCRIPT],
        env: {},
        files,
        ports: [],
        healthcheck,
        restart,
        labels: { ...labels(role), [LABELS.healthcheckHash]: healthcheckHash(healthcheck), ...watchdog },
        aliases: [],
        volumes: role === 'api' ? volumes : [],
        binds: [],
        stopGraceSeconds,
        oneShot: false,
        waitHealthySeconds: healthyWithinSeconds(health),
      };
      return spec;
    };
    for (const [i, name] of names.entries()) {
      const tiers = atPath(path, () =>
        renderReplica(facts, frontend, configFiles, env, { origin: path, app: name }),
      );
      const app = host._addContainer(
        this,
        `replica-${i + 1}`,
        container(name, facts.image, [...configFiles, ...tiers.app.files], tiers.app.probePort, 'api'),
        [this.bootstrap],
      );
      this.replicas.push(app);
      if (tiers.web && webNames) {
        const web = container(webNames[i], tiers.web.image, tiers.web.files, tiers.web.port, 'web');
        this.webServers.push(host._addContainer(this, `web-${i + 1}`, web, [app]));
      }
    }
  }

  /** The containers HAProxy sends requests to: the web tier if there is one, else the replicas. */
  get servingContainers(): container.Container[] {
    return this.webServers.length > 0 ? this.webServers : this.replicas;
  }
}

function resolveFrontend(path: string, f: Frontend, facts: ServiceFacts): FrontendModel {
  checkSupported(path, facts, f.kind);
  if (f.kind === FrontendKind.APACHE_MOD_WSGI) return resolveModWsgi(path, f._modWsgi ?? {}, facts);
  if (f.kind === FrontendKind.STANDALONE) return resolveStandalone(path, f._standalone ?? {}, facts);
  if (f.kind === FrontendKind.UWSGI_HTTP) return resolveUwsgiHttp(path, f._uwsgiHttp ?? {}, facts);
  if (f.kind === FrontendKind.NGINX_UWSGI) return resolveNginxUwsgi(path, f._nginxUwsgi ?? {}, facts);
  return resolveApacheProxyUwsgi(path, f._apacheProxyUwsgi ?? {}, facts);
}

function checkedSections(
  path: string,
  config: { [section: string]: { [option: string]: string } } | undefined,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [section, options] of Object.entries(config ?? {})) {
    out[literal(path, 'config section', section)] = stringMap(path, `config[${section}]`, options);
  }
  return out;
}

function dockerHealthcheck(containerPort: number, h: HealthModel): HealthcheckSpec {
  return {
    test: httpProbe(containerPort, h.path, h.timeoutSeconds, PROBE_USER_AGENTS.docker),
    intervalSeconds: h.intervalSeconds,
    timeoutSeconds: h.timeoutSeconds,
    retries: h.retries,
    startPeriodSeconds: h.startPeriodSeconds,
  };
}
