import type { BootstrapStep } from '../lib/render/bootstrap';
import type { IniSections } from '../lib/render/writers/ini';

/** The ways an API service can be served. Which ones a service supports is a fact of its module. */
export enum FrontendKind {
  /** Apache httpd with mod_wsgi in daemon mode, in the service's container (kolla, puppet, Chef). */
  APACHE_MOD_WSGI = 'apache-mod-wsgi',
  /** Apache mod_proxy_uwsgi in front of uWSGI (devstack). */
  APACHE_PROXY_UWSGI = 'apache-proxy-uwsgi',
  /** Nginx in front of uWSGI over the uwsgi protocol. */
  NGINX_UWSGI = 'nginx-uwsgi',
  /** uWSGI's own HTTP socket straight behind HAProxy (openstack-ansible). */
  UWSGI_HTTP = 'uwsgi-http',
  /** The service's own console script (eventlet), e.g. `cinder-api`. */
  STANDALONE = 'standalone',
}

/** Where the service finds its configuration files. */
export type ConfigDelivery =
  /**
   * The WSGI script reads a list of files from an environment variable, split on `;`
   * (Keystone's and Nova's `OS_<SERVICE>_CONFIG_FILES`, oslo.config's convention).
   */
  | { readonly kind: 'env'; readonly variable: string }
  /** The WSGI script reads only the packaged default path, which is where wsgiform writes it. */
  | { readonly kind: 'default-path' }
  /** The WSGI script parses `sys.argv` with oslo.config (Cinder): mod_wsgi needs a wrapper. */
  | { readonly kind: 'argv' };

/** What a module's default configuration is computed from; every URL is already known. */
export interface ConfigContext {
  /** SQLAlchemy URL of the service's database; may hold a secret marker. */
  readonly databaseUrl: string;
  /** URL clients use (through the load balancer). */
  readonly publicUrl: string;
  /** Keystone, when the service authenticates against it. */
  readonly identity?: IdentityContext;
  /** API workers, for frontends where the service itself forks (standalone). */
  readonly workers: number;
}

export interface IdentityContext {
  readonly publicUrl: string;
  readonly internalUrl: string;
  readonly region: string;
  readonly serviceUser: string;
  /** Secret marker. */
  readonly servicePassword: string;
}

/** What a module's bootstrap steps are computed from. */
export interface BootstrapContext {
  /** Keystone's admin password (secret marker); only for the identity service itself. */
  readonly adminPassword?: string;
  readonly region: string;
  readonly publicUrl: string;
  readonly internalUrl: string;
}

/** `<cmd> …` run as the service's user. */
export function asService(facts: { user: string; group: string }, argv: string[]): BootstrapStep {
  return { kind: 'run', argv, user: facts.user, group: facts.group };
}

/** A shared directory the replicas and the bootstrap job mount from one Docker volume. */
export interface SharedVolume {
  /** Suffix of the volume name. */
  readonly name: string;
  readonly path: string;
}

/** Facts about one OpenStack API service as packaged by Debian bookworm. No cdktf here. */
export interface ServiceFacts {
  readonly name: string;
  readonly title: string;
  /** Folder under images/ that builds the service's image. */
  readonly image: string;
  readonly port: number;
  /** Default health path: it must answer 200 when the service works. */
  readonly healthPath: string;
  /**
   * Every path the service answers with 200 without a token, i.e. the paths a health check may
   * use. Keystone's and Cinder's `/` answer 300 (version discovery), which HAProxy's
   * `expect status 200` would count as down.
   */
  readonly healthPaths: readonly string[];
  readonly user: string;
  readonly group: string;
  /** pbr-generated WSGI script of the Debian package. */
  readonly wsgiScript: string;
  /** The callable behind that script, for servers that import `module:callable`. */
  readonly wsgiCallable: string;
  /** The service's own server, if it has one. */
  readonly standalone?: {
    readonly command: readonly string[];
    readonly workersOption: readonly [string, string];
  };
  readonly frontends: readonly FrontendKind[];
  /** Main configuration file (oslo.config ini). */
  readonly configFile: string;
  readonly configDelivery: ConfigDelivery;
  /** Nova and Placement support only threads=1. */
  readonly singleThreaded: boolean;
  /** Takes chunked request bodies (Glance image uploads), which mod_proxy_uwsgi drops. */
  readonly chunkedUploads?: boolean;
  /** Keystone catalog entry, for services registered in the identity service. */
  readonly catalog?: {
    readonly type: string;
    readonly name: string;
    readonly path: string;
    readonly description: string;
  };
  readonly sharedVolumes: readonly SharedVolume[];
  /**
   * oslo.middleware's disable-by-file switch: while this file exists /healthcheck answers 503.
   * It lives in the container's writable layer, which survives a restart; the start script
   * removes it, because a restarted replica is a fresh one (and the watchdog would otherwise
   * restart a drained replica forever).
   */
  readonly healthDisableFile?: string;
  /** Default contents of the main configuration file. */
  defaultConfig(ctx: ConfigContext): IniSections;
  /** The one-shot bootstrap job's own steps: migrations, and Keystone's keys and bootstrap. */
  bootstrap(ctx: BootstrapContext): BootstrapStep[];
}
