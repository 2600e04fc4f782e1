// The public way to describe a WSGI API service. wsgiform's own OpenStack services (modules/)
// are written with exactly this API; so is a user's Flask app. Facts only: nothing here renders,
// resolves or knows about cdktf. Shapes follow jsii's rules (structs, enums, union-like classes).
import { FrontendKind } from '../core/frontend-kind';
import { wiringMarker } from '../core/markers';
import type { ConfigFile, IniFlavor } from './config-file';

/**
 * Values of the deployment a definition refers to before they exist. Put them into config
 * values and bootstrap arguments, alone or inside text (`` `${Wiring.PUBLIC_URL}/v3` ``);
 * wsgiform swaps each for the deployment's value. Using one the deployment cannot supply (the
 * database URL of a service deployed without a database) is a synth-time error.
 */
export class Wiring {
  /** SQLAlchemy URL of the service's own database (PyMySQL driver); holds its password. */
  static readonly DATABASE_URL = wiringMarker('database_url');
  /** The service's URL for clients, through the load balancer (https with TLS). */
  static readonly PUBLIC_URL = wiringMarker('public_url');
  /** The service's URL on the deployment network, through the load balancer. */
  static readonly INTERNAL_URL = wiringMarker('internal_url');
  /** The Keystone region of the deployment. */
  static readonly REGION = wiringMarker('region');
  /** Password of the identity service's `admin` user (identity providers only). */
  static readonly ADMIN_PASSWORD = wiringMarker('admin_password');
  /** Public URL of the identity service the service authenticates against. */
  static readonly IDENTITY_PUBLIC_URL = wiringMarker('identity_public_url');
  /** Internal URL of that identity service. */
  static readonly IDENTITY_INTERNAL_URL = wiringMarker('identity_internal_url');
  /** The service's user in Keystone (its name). */
  static readonly SERVICE_USER = wiringMarker('service_user');
  /** Password of that Keystone user. */
  static readonly SERVICE_PASSWORD = wiringMarker('service_password');
  /** Worker processes the service forks itself: the standalone frontend's `workers`, else 1. */
  static readonly WORKERS = wiringMarker('workers');
  /** oslo.messaging URL of the deployment's message bus (RabbitMQ), with the service's credentials. */
  static readonly TRANSPORT_URL = wiringMarker('transport_url');
  /** `host:port` of the deployment's Memcached (comma-separated when there are several). */
  static readonly MEMCACHED_SERVERS = wiringMarker('memcached_servers');

  /**
   * SQLAlchemy URL of one of the service's additional databases (`additionalDatabases`), named
   * `<service>_<suffix>`, with the service's database user and password.
   */
  static additionalDatabaseUrl(suffix: string): string {
    return wiringMarker(`database_url_${suffix}`);
  }

  /**
   * Host name of the first container of one of the service's companions (`companions`), on the
   * deployment network: where the API finds a storage companion it talks to (Zaqar's Redis).
   */
  static companionHost(name: string): string {
    return wiringMarker(`companion_host_${name}`);
  }

  /**
   * One of the service's own secrets (`secrets`), which the operator supplies as a `Secret`
   * when deploying the service. Like the passwords, it may go into config files only.
   */
  static secret(name: string): string {
    return wiringMarker(`secret_${name}`);
  }

  private constructor() {}
}

/** Options of {@link ServiceImage.debianPackages}. */
export interface DebianPackagesImageProps {
  /** Debian packages of the service, installed on wsgiform's service image (which already has Apache, mod_wsgi, uWSGI, PyMySQL and the OpenStack client). */
  readonly packages: string[];
  /**
   * Packages installed in a layer of their own before `packages`. Images that name the same
   * list, in the same order, share that layer in Docker's build cache, so it is downloaded and
   * unpacked once for all of them: wsgiform's OpenStack services all name the oslo.* libraries,
   * keystonemiddleware, SQLAlchemy, alembic and pecan here. @default - no shared layer
   */
  readonly sharedPackages?: string[];
  /**
   * UID of the service user, created before the packages install so it does not depend on
   * the order packages create users in. @default - whatever the packages create
   */
  readonly uid?: number;
  /** GID of the service group. @default the uid */
  readonly gid?: number;
  /**
   * debconf answers given before the install, one `owner question type value` line each
   * (`keystone keystone/configure_db boolean false`). @default - none
   */
  readonly debconfSelections?: string[];
}

/** Where a service's image comes from. Choose one with a static factory. */
export class ServiceImage {
  /**
   * wsgiform's parameterised service image (images/service) with these Debian packages on top:
   * Debian's Apache + mod_wsgi, uWSGI with its Python 3 plugin, curl, PyMySQL and the
   * OpenStack client are already there, in layers shared by every service.
   */
  static debianPackages(props: DebianPackagesImageProps): ServiceImage {
    return new ServiceImage({ packages: props }, undefined, undefined);
  }

  /**
   * A folder with your own Dockerfile, built on the Docker host. It gets the build argument
   * `BASE` (the deployment's base image) and must provide what the chosen frontend runs:
   * Apache + mod_wsgi or uWSGI with the Python 3 plugin, `curl` (healthcheck) and `setpriv`.
   */
  static fromDirectory(path: string): ServiceImage {
    return new ServiceImage(undefined, path, undefined);
  }

  /** A prebuilt image already on the Docker host, by name (`registry/app:1.2`). */
  static fromName(name: string): ServiceImage {
    return new ServiceImage(undefined, undefined, name);
  }

  /**
   * An image only the operator can supply (the service is not packaged where wsgiform builds
   * from): synth fails until the deployment's `ImageSource` names one for the service, e.g.
   * `ImageSource.fromDockerfiles({ prebuilt: { zun: 'registry/zun:2023.1' } })`.
   * @param requirements what the image must hold, for the error message (`zun 10.0 with zun-api-wsgi, Apache + mod_wsgi or uWSGI, curl`)
   */
  static userSupplied(requirements: string): ServiceImage {
    return new ServiceImage(undefined, undefined, undefined, requirements);
  }

  private constructor(
    /** @internal */ readonly _packages: { packages: DebianPackagesImageProps } | undefined,
    /** @internal */ readonly _directory: string | undefined,
    /** @internal */ readonly _name: string | undefined,
    /** @internal */ readonly _userSupplied?: string,
  ) {}
}

/** The WSGI application. Choose one with a static factory. */
export class EntryPoint {
  /** A WSGI script file that defines `application` (pbr's `wsgi_scripts`, a `.wsgi` file). */
  static script(path: string): EntryPoint {
    return new EntryPoint(path, undefined);
  }

  /** An importable WSGI application object, `package.module:name` (`app:app` for Flask's convention). */
  static callable(spec: string): EntryPoint {
    return new EntryPoint(undefined, spec);
  }

  private constructor(
    /** @internal */ readonly _script: string | undefined,
    /** @internal */ readonly _callable: string | undefined,
  ) {}
}

/** How the application finds its main config file. Choose one with a static factory. */
export class ConfigDelivery {
  /**
   * The app reads a `;`-separated list of files from an environment variable (oslo.config's
   * `OS_<SERVICE>_CONFIG_FILES` convention of Keystone, Nova and Placement).
   */
  static environment(variable: string): ConfigDelivery {
    return new ConfigDelivery('env', variable);
  }

  /** The app reads only its packaged default path, which is where wsgiform writes the file. */
  static defaultPath(): ConfigDelivery {
    return new ConfigDelivery('default-path', undefined);
  }

  /**
   * The app hands `sys.argv` to oslo.config (Cinder): uWSGI passes `--config-file` with
   * `pyargv`, mod_wsgi gets a small wrapper that sets `sys.argv`.
   */
  static argv(): ConfigDelivery {
    return new ConfigDelivery('argv', undefined);
  }

  private constructor(
    /** @internal */ readonly _kind: 'env' | 'default-path' | 'argv',
    /** @internal */ readonly _variable: string | undefined,
  ) {}
}

/** A command of the one-shot bootstrap job. */
export interface BootstrapCommand {
  /** The command and its arguments; arguments may hold {@link Wiring} values. */
  readonly argv: string[];
  /** Run as root instead of the service user. @default false */
  readonly asRoot?: boolean;
}

/** The service's main config file, an oslo.config ini. */
export interface MainConfigDefinition {
  /** Absolute path in the container, e.g. `/etc/cinder/cinder.conf`. */
  readonly path: string;
  /** How the app finds it. */
  readonly delivery: ConfigDelivery;
  /** Options every deployment writes; values may hold {@link Wiring} values. @default - none */
  readonly defaults?: { [section: string]: { [option: string]: string } };
  /**
   * The ini reader of the file: oslo.config, or PasteDeploy's ConfigParser for a file that is
   * itself a paste pipeline (Swift's proxy-server.conf). @default IniFlavor.OSLO
   */
  readonly flavor?: IniFlavor;
}

/**
 * A secret the service needs beyond its passwords, supplied by the operator as a `Secret` when
 * the service is deployed (`secrets: { <name>: secret }`) and put into config files with
 * `Wiring.secret(name)`: a value every container must share and that must never change.
 */
export interface SecretDefinition {
  /** Name: lower-case letters, digits and _. */
  readonly name: string;
  /** What it is and what changing it does, for the error that asks for it. */
  readonly description: string;
}

/** Character set of a service's database. */
export enum DatabaseCharacterSet {
  /** 4-byte UTF-8, MariaDB's `utf8mb4` (the server's default here). */
  UTF8MB4 = 'utf8mb4',
  /**
   * 3-byte UTF-8, MariaDB's `utf8` (utf8mb3), for schemas whose migrations convert tables to it
   * (Manila's: on a utf8mb4 database MariaDB refuses the conversion of columns used in foreign keys).
   */
  UTF8 = 'utf8',
}

/** A database of the service's own on the deployment's MariaDB. */
export interface DatabaseDefinition {
  /** Character set the database is created with. @default DatabaseCharacterSet.UTF8MB4 */
  readonly characterSet?: DatabaseCharacterSet;
  /** Options merged into the main config when deployed with a database (`Wiring.DATABASE_URL`). @default - none */
  readonly config?: { [section: string]: { [option: string]: string } };
  /**
   * Commands that create or upgrade the schema, run by the bootstrap job. Empty for a database
   * another service owns (`ownedBy`): its owner migrates it.
   */
  readonly migrations: BootstrapCommand[];
  /**
   * The databases are another service's (the name of its definition: Nova's metadata API reads
   * `nova`'s): the service reads them with that service's user and password, and is deployed
   * with `databaseOwner` set to that service; it creates no database and runs no migrations.
   * @default - the service owns its databases
   */
  readonly ownedBy?: string;
  /**
   * More databases of the service on the same server, named `<service>_<suffix>` and granted to
   * the service's database user (Nova's `api` and `cell0`); their URLs are
   * `Wiring.additionalDatabaseUrl(suffix)`. Suffixes are lower-case letters, digits and `_`.
   * @default - none
   */
  readonly additionalDatabases?: string[];
}

/** How a service registers in Keystone and authenticates requests against it. */
export interface IdentityRegistrationDefinition {
  /** Catalog service type, e.g. `volumev3`. Two services of one deployment may not share it. */
  readonly catalogType: string;
  /** Catalog service name. @default the service name */
  readonly catalogName?: string;
  /** Path appended to the service's URL in its endpoints, e.g. `/v3/%(project_id)s`. @default '' */
  readonly catalogPath?: string;
  /** Catalog description. @default the title */
  readonly description?: string;
  /**
   * Options merged into the main config when deployed with an identity service
   * (`keystone_authtoken`, `auth_strategy`). @default - none
   */
  readonly config?: { [section: string]: { [option: string]: string } };
  /**
   * Commands the bootstrap job runs after the catalog entry exists (Magnum's trustee domain),
   * with the admin's credentials in the environment (`OS_AUTH_URL`, `OS_USERNAME`,
   * `OS_PASSWORD`, … for the `openstack` client) and the service user's password in
   * `WSGIFORM_SERVICE_PASSWORD`, so no password is written into the command. @default - none
   */
  readonly bootstrap?: BootstrapCommand[];
}

/** The deployment's message bus (oslo.messaging over RabbitMQ). */
export interface MessagingDefinition {
  /**
   * The API cannot answer without it (it forwards calls over RPC to a companion); otherwise the
   * bus is used when the deployment has one. @default false
   */
  readonly required?: boolean;
  /** Options merged into the main config when the service has the bus (`Wiring.TRANSPORT_URL`). */
  readonly config: { [section: string]: { [option: string]: string } };
}

/** The deployment's Memcached (token cache, oslo.cache, Django's session cache). */
export interface CacheDefinition {
  /**
   * The service does not work without it (Horizon keeps its sessions there, and replicas behind
   * one load balancer must share them); otherwise the cache is used when the deployment has one.
   * @default false
   */
  readonly required?: boolean;
  /**
   * Options merged into the main config when the deployment has a cache (`Wiring.MEMCACHED_SERVERS`).
   * @default - none: the service reads the servers elsewhere (its `environment`)
   */
  readonly config?: { [section: string]: { [option: string]: string } };
}

/**
 * A service that signs users in at the identity service with their own credentials (a
 * dashboard): it gets the identity service's URLs (`Wiring.IDENTITY_*`) but has no catalog entry
 * and no Keystone user of its own.
 */
export interface IdentityLoginDefinition {
  /** Options merged into the main config when deployed with an identity service. @default - none */
  readonly config?: { [section: string]: { [option: string]: string } };
}

/**
 * A daemon that does the API's work (heat-engine behind heat-api), run from the service's image
 * in containers of its own, with the service's config files, restart policy and watchdog.
 */
export interface CompanionDefinition {
  /** Short name: the containers are `<deployment>-<service id>-<name>-<n>`. */
  readonly name: string;
  /** The command, run as the service user; the config delivery's `--config-file` arguments are appended. */
  readonly command: string[];
  /**
   * Docker healthcheck command (exit 0 = healthy), run as root in the container.
   * @default - the command's process is alive
   */
  readonly healthcheck?: string[];
  /** Containers of it. @default 1 */
  readonly replicas?: number;
  /**
   * Append the config delivery's `--config-file` arguments to the command: off for a daemon
   * that is not an OpenStack program (a storage server such as Redis). @default true
   */
  readonly configFiles?: boolean;
}

/** A service that is itself the identity service (Keystone). */
export interface IdentityProviderDefinition {
  /** Path of the identity API clients use, appended to the service's URL (`/v3`). */
  readonly apiPath: string;
}

/** The service's own server, for `Frontend.standalone()`. */
export interface StandaloneDefinition {
  /** The command (`/usr/bin/cinder-api`); the config delivery's `--config-file` arguments are appended. */
  readonly command: string[];
}

/** A directory shared by the replicas and the bootstrap job through one Docker volume. */
export interface SharedVolumeDefinition {
  /** Suffix of the volume name. */
  readonly name: string;
  /** Mount path in the containers. */
  readonly path: string;
  /** Make it 0700 and owned by the service user before any bootstrap command runs. @default false */
  readonly private?: boolean;
}

/** Everything wsgiform needs to know to deploy one WSGI API service. */
export interface ServiceDefinitionProps {
  /** Short name: names containers, the image, the database and the Keystone user. Lower-case letters, digits and '-'. */
  readonly name: string;
  /** Human title for docs and catalogs. @default the name */
  readonly title?: string;
  /** The image the app runs in. */
  readonly image: ServiceImage;
  /** The WSGI application. */
  readonly entryPoint: EntryPoint;
  /** Port the service listens on. */
  readonly port: number;
  /**
   * Paths that answer 200 without a token when the service works; the first is the default
   * health check. @default ['/healthcheck'] (oslo.middleware)
   */
  readonly healthPaths?: string[];
  /**
   * oslo.middleware's disable-by-file switch: while this file exists the health path answers
   * 503. The start script removes it, since a restarted replica is a fresh one. @default - none
   */
  readonly healthDisableFile?: string;
  /** System user the app runs as. */
  readonly user: string;
  /** System group. @default the user */
  readonly group?: string;
  /** The main config file (oslo.config ini). @default - none: the app needs no config file */
  readonly config?: MainConfigDefinition;
  /** More files every deployment writes (a paste ini, the app's own source file). @default - none */
  readonly files?: ConfigFile[];
  /**
   * Process environment of the app and its companions. Values may hold `Wiring` values that
   * carry no secret (URLs, region, Memcached servers), for apps configured in code rather than
   * in an ini file (Horizon's settings read them). @default - none
   */
  readonly environment?: { [name: string]: string };
  /** The service's own database. @default - none: the service needs no database */
  readonly database?: DatabaseDefinition;
  /** Keystone registration and token validation. @default - the service does not use Keystone */
  readonly identity?: IdentityRegistrationDefinition;
  /**
   * Users sign in at Keystone through the service (a dashboard); it registers nothing.
   * Exclusive with `identity` and `identityProvider`. @default - the service signs nobody in
   */
  readonly identityLogin?: IdentityLoginDefinition;
  /** The deployment's message bus. @default - the service uses none */
  readonly messaging?: MessagingDefinition;
  /** The deployment's Memcached. @default - the service uses none */
  readonly cache?: CacheDefinition;
  /** Daemons that do the API's work, next to it. @default - none */
  readonly companions?: CompanionDefinition[];
  /** The service is the identity service. @default - it is not */
  readonly identityProvider?: IdentityProviderDefinition;
  /** Bootstrap commands run after the migrations (Keystone's key setup and bootstrap). @default - none */
  readonly bootstrap?: BootstrapCommand[];
  /** The service's own server. @default - none: `Frontend.standalone()` is refused */
  readonly standalone?: StandaloneDefinition;
  /**
   * Frontends the service runs under. @default every WSGI frontend, plus standalone when the
   * service has a standalone server
   */
  readonly frontends?: FrontendKind[];
  /** The app supports only one thread per process (Nova, Placement). @default false */
  readonly singleThreaded?: boolean;
  /**
   * The API takes chunked request bodies (Glance image uploads), which mod_proxy_uwsgi, nginx's
   * uwsgi_pass and uWSGI's http-socket lose. @default false
   */
  readonly chunkedUploads?: boolean;
  /** Directories shared by the replicas and the bootstrap job. @default - none */
  readonly sharedVolumes?: SharedVolumeDefinition[];
  /** Secrets the operator supplies for the service (`Wiring.secret(name)`). @default - none */
  readonly secrets?: SecretDefinition[];
}

/** A WSGI API service wsgiform can deploy. Built-in ones: `BuiltinServices.named('cinder')`. */
export class ServiceDefinition {
  readonly name: string;
  /** Port the service listens on. */
  readonly port: number;
  /** The default health path. */
  readonly healthPath: string;
  /** Frontends the service can be served by. */
  readonly frontends: FrontendKind[];

  constructor(readonly props: ServiceDefinitionProps) {
    this.name = props.name;
    this.port = props.port;
    this.healthPath = (props.healthPaths ?? ['/healthcheck'])[0] ?? '/healthcheck';
    this.frontends = props.frontends
      ? [...props.frontends]
      : [
          FrontendKind.APACHE_MOD_WSGI,
          FrontendKind.APACHE_PROXY_UWSGI,
          FrontendKind.NGINX_UWSGI,
          FrontendKind.UWSGI_HTTP,
          ...(props.standalone ? [FrontendKind.STANDALONE] : []),
        ];
  }
}
