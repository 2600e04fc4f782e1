import { CINDER } from '../../modules/cinder';
import { GLANCE } from '../../modules/glance';
import { KEYSTONE } from '../../modules/keystone';
import { NOVA } from '../../modules/nova';
import { PLACEMENT } from '../../modules/placement';
import type { FrontendKind, ServiceFacts } from '../../modules/module';
import type { Secret } from './secret';

/** Options of the Keystone module. */
export interface KeystoneModuleProps {
  /** Password of the `admin` user that `keystone-manage bootstrap` creates. */
  readonly adminPassword: Secret;
  /** Region of the catalog endpoints. @default 'RegionOne' */
  readonly region?: string;
}

/** Modules by name, for `ServiceModule.named`. */
const KNOWN: Record<string, ServiceFacts> = {
  keystone: KEYSTONE,
  cinder: CINDER,
  nova: NOVA,
  placement: PLACEMENT,
  glance: GLANCE,
};

/**
 * An OpenStack API service as wsgiform knows it (modules/<service>.ts): entry points, port,
 * config paths, health path, supported frontends, bootstrap.
 */
export class ServiceModule {
  /** Keystone, the identity service. */
  static keystone(props: KeystoneModuleProps): ServiceModule {
    return new ServiceModule(KEYSTONE, props);
  }

  /** Cinder's API (block storage). */
  static cinder(): ServiceModule {
    return new ServiceModule(CINDER, undefined);
  }

  /**
   * Nova's compute API. Facts only: wsgiform ships no Nova image yet
   * (`ImageSource.fromImages({ nova: … })`). Runs with threads=1 only.
   */
  static nova(): ServiceModule {
    return new ServiceModule(NOVA, undefined);
  }

  /** Placement. Facts only: no image yet. Runs with threads=1 only. */
  static placement(): ServiceModule {
    return new ServiceModule(PLACEMENT, undefined);
  }

  /** Glance's API. Facts only: no image yet. Takes chunked uploads: not behind mod_proxy_uwsgi. */
  static glance(): ServiceModule {
    return new ServiceModule(GLANCE, undefined);
  }

  /**
   * A module by name, for deployments described as data. Keystone needs its admin password,
   * so it is only available through {@link ServiceModule.keystone}.
   */
  static named(name: string): ServiceModule {
    const facts = KNOWN[name];
    if (facts === undefined) {
      throw new Error(
        `unknown module ${JSON.stringify(name)}: wsgiform has modules for ${Object.keys(KNOWN).join(', ')}`,
      );
    }
    if (facts === KEYSTONE) {
      throw new Error(
        `module "keystone" needs its admin password: use ServiceModule.keystone({ adminPassword })`,
      );
    }
    return new ServiceModule(facts, undefined);
  }

  /** Service name, e.g. 'keystone'. */
  readonly name: string;
  /** Port the service listens on by default. */
  readonly port: number;
  /** HTTP path that answers 200 when the service is healthy. */
  readonly healthPath: string;
  /** Frontends the service can be served by. */
  readonly frontends: FrontendKind[];

  private constructor(
    /** @internal */ readonly _facts: ServiceFacts,
    /** @internal */ readonly _keystone: KeystoneModuleProps | undefined,
  ) {
    this.name = _facts.name;
    this.port = _facts.port;
    this.healthPath = _facts.healthPath;
    this.frontends = [..._facts.frontends];
  }
}
