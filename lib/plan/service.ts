// Pure planner of one API service: resolved models and rendered files in, ContainerSpecs out.
import { atPath } from '../core/errors';
import { bundledImage } from '../core/image';
import { PROBE_USER_AGENTS, START_SCRIPT, type RenderedFile } from '../core/layout';
import type { FrontendModel } from '../model/frontend';
import { healthyWithinSeconds, type HealthModel } from '../model/health';
import type { ServiceConfigModel, ServiceModel } from '../model/service';
import { BOOTSTRAP_SCRIPT, renderBootstrap, type CatalogRegistration } from '../render/bootstrap';
import { renderServiceFiles } from '../render/config-file';
import { renderCompanionStart, renderReplica } from '../render/frontend';
import {
  LABELS,
  healthcheckHash,
  httpProbe,
  type ContainerSpec,
  type HealthcheckSpec,
  type RestartPolicy,
} from './container-spec';

/** Everything about one service's containers, resolved. */
export interface ServicePlanInput {
  /** Construct path, for headers and errors. */
  readonly origin: string;
  /** Key of the service within the deployment (labels, volume names). */
  readonly key: string;
  readonly service: ServiceModel;
  readonly config: ServiceConfigModel;
  readonly frontend: FrontendModel;
  readonly health: HealthModel;
  /** Container names: one app container per replica, a web container per replica for two-tier frontends. */
  readonly names: {
    readonly bootstrap: string;
    readonly replicas: readonly string[];
    readonly web?: readonly string[];
    /** Container names of each companion daemon, by companion name. */
    readonly companions: Readonly<Record<string, readonly string[]>>;
  };
  /** Extra process environment of the app containers. */
  readonly env: Readonly<Record<string, string>>;
  readonly restart: RestartPolicy;
  readonly stopGraceSeconds: number;
  /** Let the deployment's watchdog restart replicas that stay unhealthy. */
  readonly watchdog: boolean;
  /** The service's Keystone entry, registered by the bootstrap job. */
  readonly registration?: CatalogRegistration;
  /** Containers the bootstrap job waits for (database, identity service, load balancer). */
  readonly bootstrapAfter: readonly string[];
}

export interface ServicePlan {
  /** The one-shot job, when the service has anything to bootstrap. */
  readonly bootstrap?: ContainerSpec;
  readonly replicas: readonly ContainerSpec[];
  /** Web containers of two-tier frontends, one per replica; else empty. */
  readonly web: readonly ContainerSpec[];
  /** Containers of the companion daemons, each with a key unique within the service (`engine-1`). */
  readonly companions: readonly { readonly key: string; readonly spec: ContainerSpec }[];
}

export function planService(s: ServicePlanInput): ServicePlan {
  const svc = s.service;
  const configFiles = atPath(s.origin, () => renderServiceFiles(s.origin, s.config, svc.group));
  // The definition's environment (wired), then the operator's.
  const env = { ...s.config.environment, ...s.env };
  const labels = (role: string) => ({ [LABELS.role]: role, [LABELS.service]: s.key });
  const volumes = svc.sharedVolumes.map((v) => ({
    volume: `${s.key}-${v.name}`,
    path: v.path,
    readOnly: false,
  }));

  const bootstrapFiles = atPath(s.origin, () =>
    renderBootstrap({
      origin: s.origin,
      service: s.key,
      files: configFiles,
      steps: s.config.bootstrap,
      registration: s.registration,
      afterRegistration: s.config.identityBootstrap,
    }),
  );
  const needsBootstrap = s.config.bootstrap.length > 0 || s.registration !== undefined;
  const bootstrap: ContainerSpec | undefined = needsBootstrap
    ? {
        name: s.names.bootstrap,
        image: svc.image,
        command: [BOOTSTRAP_SCRIPT],
        env: { ...s.config.environment },
        files: [...configFiles, ...bootstrapFiles],
        ports: [],
        restart: 'no',
        labels: labels('bootstrap'),
        aliases: [],
        volumes,
        binds: [],
        stopGraceSeconds: 10,
        oneShot: true,
        dependsOn: s.bootstrapAfter,
      }
    : undefined;

  const watchdog: Record<string, string> = s.watchdog ? { [LABELS.watchdog]: 'enabled' } : {};
  const serving = (
    name: string,
    role: 'api' | 'web',
    image: ContainerSpec['image'],
    files: RenderedFile[],
    probePort: number,
    after: readonly string[],
  ): ContainerSpec => {
    const healthcheck = dockerHealthcheck(probePort, s.health);
    return {
      name,
      image,
      command: [START_SCRIPT],
      env: {},
      files,
      ports: [],
      healthcheck,
      restart: s.restart,
      labels: { ...labels(role), [LABELS.healthcheckHash]: healthcheckHash(healthcheck), ...watchdog },
      aliases: [],
      volumes: role === 'api' ? volumes : [],
      binds: [],
      stopGraceSeconds: s.stopGraceSeconds,
      oneShot: false,
      waitHealthySeconds: healthyWithinSeconds(s.health),
      dependsOn: after,
    };
  };
  const replicas: ContainerSpec[] = [];
  const web: ContainerSpec[] = [];
  for (const [i, name] of s.names.replicas.entries()) {
    const tiers = atPath(s.origin, () =>
      renderReplica(svc, s.frontend, configFiles, env, { origin: s.origin, app: name }),
    );
    replicas.push(
      serving(
        name,
        'api',
        svc.image,
        [...configFiles, ...tiers.app.files],
        tiers.app.probePort,
        // Without a bootstrap job, the replicas still wait for what it would have waited for.
        bootstrap ? [bootstrap.name] : s.bootstrapAfter,
      ),
    );
    if (tiers.web && s.names.web) {
      web.push(
        serving(s.names.web[i], 'web', bundledImage(tiers.web.image), tiers.web.files, tiers.web.port, [
          name,
        ]),
      );
    }
  }
  const companions = svc.companions.flatMap((c) =>
    (s.names.companions[c.name] ?? []).map((name, i) => {
      const start = atPath(s.origin, () =>
        renderCompanionStart(svc, c.command, configFiles, env, s.origin, c.configFiles),
      );
      const healthcheck: HealthcheckSpec | undefined = c.healthcheck && {
        test: ['CMD', ...c.healthcheck],
        intervalSeconds: s.health.intervalSeconds,
        timeoutSeconds: s.health.timeoutSeconds,
        retries: s.health.retries,
        startPeriodSeconds: s.health.startPeriodSeconds,
      };
      const spec: ContainerSpec = {
        name,
        image: svc.image,
        command: [START_SCRIPT],
        env: {},
        files: [...configFiles, start],
        ports: [],
        healthcheck,
        restart: s.restart,
        labels: {
          ...labels(`companion-${c.name}`),
          ...(healthcheck ? { [LABELS.healthcheckHash]: healthcheckHash(healthcheck) } : {}),
          ...watchdog,
        },
        aliases: [],
        volumes,
        binds: [],
        stopGraceSeconds: s.stopGraceSeconds,
        oneShot: false,
        waitHealthySeconds: healthcheck ? healthyWithinSeconds(s.health) : undefined,
        dependsOn: bootstrap ? [bootstrap.name] : s.bootstrapAfter,
      };
      return { key: `${c.name}-${i + 1}`, spec };
    }),
  );
  return { bootstrap, replicas, web, companions };
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
