// A ServiceDefinition (public facts) checked and resolved into plain data, once, with the path
// of the construct that deploys it; and the service's config and bootstrap with every Wiring
// value of the deployment filled in.
import { WsgiformError } from '../core/errors';
import { FrontendKind } from '../core/frontend-kind';
import type { ImageSpec } from '../core/image';
import { substituteWiring, wiringIn, withoutWiring, type WiringName } from '../core/markers';
import { mergeIni, type Sections } from '../core/sections';
import { absolutePath, dnsName, integer, literal, port, stringMap, urlPath } from '../core/validate';
import type { ConfigFile } from '../definition/config-file';
import type { BootstrapCommand, ServiceDefinition } from '../definition/service-definition';

/** One step of a service's one-shot bootstrap job. */
export type BootstrapStep =
  /** A command, as root or as the service user. */
  | {
      readonly kind: 'run';
      readonly argv: readonly string[];
      readonly user?: string;
      readonly group?: string;
    }
  /** A directory only the service user may read (Keystone's key repositories). */
  | { readonly kind: 'private-dir'; readonly path: string; readonly user: string; readonly group: string };

/** How the app finds its main config file. */
export type ConfigDeliveryModel =
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'default-path' }
  | { readonly kind: 'argv' };

/** A service's Keystone catalog entry. */
export interface CatalogModel {
  readonly type: string;
  readonly name: string;
  readonly path: string;
  readonly description: string;
}

/** A daemon next to the API (heat-engine). */
export interface CompanionModel {
  readonly name: string;
  readonly command: readonly string[];
  readonly healthcheck?: readonly string[];
  readonly replicas: number;
  /** The config delivery's `--config-file` arguments are appended to the command. */
  readonly configFiles: boolean;
}

/** The ini reader a file is written for (`IniFlavor`'s values). */
export type IniDialectName = 'oslo' | 'paste';

/** A ServiceDefinition, checked, with its defaults applied. */
export interface ServiceModel {
  readonly name: string;
  readonly title: string;
  readonly port: number;
  readonly user: string;
  readonly group: string;
  /** The WSGI script file, or (for a callable entry point) undefined. */
  readonly wsgiScript?: string;
  /** `module:callable`, for a callable entry point. */
  readonly wsgiCallable?: string;
  readonly config?: {
    readonly path: string;
    readonly delivery: ConfigDeliveryModel;
    readonly dialect: IniDialectName;
  };
  readonly standaloneCommand?: readonly string[];
  readonly frontends: readonly FrontendKind[];
  readonly singleThreaded: boolean;
  readonly chunkedUploads: boolean;
  readonly healthPaths: readonly string[];
  readonly healthDisableFile?: string;
  readonly sharedVolumes: readonly { name: string; path: string; private: boolean }[];
  readonly environment: Readonly<Record<string, string>>;
  readonly image: ImageSpec;
  readonly hasDatabase: boolean;
  /** The service reads the databases of the service of this name, and has none of its own. */
  readonly databaseOwner?: string;
  /** Character set of the service's database. */
  readonly databaseCharacterSet: 'utf8mb4' | 'utf8';
  /** Suffixes of the service's additional databases (`<service>_<suffix>`). */
  readonly additionalDatabases: readonly string[];
  /** 'required', 'optional' (used when the deployment has a bus), or undefined (never used). */
  readonly messaging?: 'required' | 'optional';
  readonly usesCache: boolean;
  /** The service does not work without the deployment's cache. */
  readonly requiresCache: boolean;
  readonly companions: readonly CompanionModel[];
  readonly catalog?: CatalogModel;
  /** Path of the identity API, for the identity service itself. */
  readonly identityApiPath?: string;
  /** Users sign in at the identity service through it (a dashboard); no catalog entry. */
  readonly identityLogin: boolean;
  /** Secrets the operator supplies (`Wiring.secret(name)`), with what each is. */
  readonly secrets: readonly { readonly name: string; readonly description: string }[];
}

const SYSTEM_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CALLABLE = /^[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*$/;
const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;
const IMAGE_NAME = /^[a-z0-9][a-z0-9._/:@-]*$/;
const CATALOG_TYPE = /^[a-z0-9][a-z0-9-]*$/;

/** Checks a definition where it is deployed; every refusal names `path` and the definition. */
export function resolveDefinition(path: string, def: ServiceDefinition): ServiceModel {
  const p = def.props;
  const name = dnsName(path, 'service name', p.name);
  const at = (what: string) => `service ${name}: ${what}`;
  const systemName = (what: string, v: string) => {
    if (!SYSTEM_NAME.test(literal(path, at(what), v)))
      throw new WsgiformError(
        path,
        `${at(what)}=${JSON.stringify(v)}: use a system user or group name (lower-case letters, digits, _ and -)`,
      );
    return v;
  };
  const user = systemName('user', p.user);
  const group = systemName('group', p.group ?? p.user);

  const entry = p.entryPoint;
  if ((entry._script === undefined) === (entry._callable === undefined))
    throw new WsgiformError(
      path,
      `${at('entryPoint')}: use EntryPoint.script(path) or EntryPoint.callable('module:app')`,
    );
  if (entry._script !== undefined) absolutePath(path, at('entryPoint script'), entry._script);
  if (entry._callable !== undefined && !CALLABLE.test(literal(path, at('entryPoint'), entry._callable)))
    throw new WsgiformError(
      path,
      `${at('entryPoint')}=${JSON.stringify(entry._callable)}: use 'package.module:callable'`,
    );

  const healthPaths = p.healthPaths ?? ['/healthcheck'];
  if (healthPaths.length === 0)
    throw new WsgiformError(
      path,
      `${at('healthPaths')}: name at least one path that answers 200 without a token`,
    );
  for (const h of healthPaths) urlPath(path, at('healthPaths'), h);

  let config: ServiceModel['config'];
  if (p.config) {
    const d = p.config.delivery;
    let delivery: ConfigDeliveryModel;
    if (d._kind === 'env') {
      const variable = literal(path, at('config delivery variable'), d._variable ?? '');
      if (!ENV_NAME.test(variable))
        throw new WsgiformError(
          path,
          `${at('config delivery variable')}=${JSON.stringify(variable)}: use letters, digits and _`,
        );
      delivery = { kind: 'env', variable };
    } else delivery = { kind: d._kind };
    config = {
      path: absolutePath(path, at('config path'), p.config.path),
      delivery,
      dialect: p.config.flavor ?? 'oslo',
    };
  }

  const frontends = def.frontends;
  if (frontends.includes(FrontendKind.STANDALONE) && !p.standalone)
    throw new WsgiformError(
      path,
      `${at('frontends')}: lists standalone but the definition has no standalone command`,
    );
  const standaloneCommand = p.standalone?.command.map((a) => literal(path, at('standalone command'), a));
  if (standaloneCommand !== undefined) {
    if (standaloneCommand.length === 0)
      throw new WsgiformError(path, `${at('standalone command')}: is empty; name the server's executable`);
    absolutePath(path, at('standalone command'), standaloneCommand[0]);
  }

  const sharedVolumes = (p.sharedVolumes ?? []).map((v) => ({
    name: dnsName(path, at('sharedVolumes name'), v.name),
    path: absolutePath(path, at('sharedVolumes path'), v.path),
    private: v.private ?? false,
  }));

  if (p.identity && p.identityProvider)
    throw new WsgiformError(
      path,
      `${at('identity')}: a service is either the identity service (identityProvider) or registers in one (identity), not both`,
    );
  if (p.identityLogin && (p.identity || p.identityProvider))
    throw new WsgiformError(
      path,
      `${at('identityLogin')}: a service that only signs users in has no catalog entry; drop identityLogin, or drop ${p.identity ? 'identity' : 'identityProvider'}`,
    );
  let catalog: CatalogModel | undefined;
  if (p.identity) {
    const type = literal(path, at('catalogType'), p.identity.catalogType);
    if (!CATALOG_TYPE.test(type))
      throw new WsgiformError(
        path,
        `${at('catalogType')}=${JSON.stringify(type)}: use lower-case letters, digits and -`,
      );
    catalog = {
      type,
      name: literal(path, at('catalogName'), p.identity.catalogName ?? name),
      path: literal(path, at('catalogPath'), p.identity.catalogPath ?? ''),
      description: literal(path, at('description'), p.identity.description ?? p.title ?? name),
    };
    if (catalog.path !== '' && !catalog.path.startsWith('/'))
      throw new WsgiformError(
        path,
        `${at('catalogPath')}=${JSON.stringify(catalog.path)}: start it with '/' or leave it empty`,
      );
  }

  const companions = (p.companions ?? []).map((c) => {
    const what = at(`companion ${c.name}`);
    if (c.command.length === 0)
      throw new WsgiformError(path, `${what}: the command is empty; name the daemon`);
    const command = c.command.map((a) => literal(path, what, a));
    absolutePath(path, `${what} command`, command[0]);
    if (c.healthcheck !== undefined && c.healthcheck.length === 0)
      throw new WsgiformError(
        path,
        `${what}: the healthcheck is empty; leave it out to check that the daemon runs`,
      );
    return {
      name: dnsName(path, `${what} name`, c.name),
      command,
      healthcheck: c.healthcheck?.map((a) => literal(path, `${what} healthcheck`, a)),
      replicas: integer(path, `${what} replicas`, c.replicas ?? 1, 1, 16, 'run 1 to 16'),
      configFiles: c.configFiles ?? true,
    };
  });
  const companionNames = new Set(companions.map((c) => c.name));
  if (companionNames.size !== companions.length)
    throw new WsgiformError(path, `${at('companions')}: two companions share a name; name each once`);

  return {
    name,
    title: literal(path, at('title'), p.title ?? name),
    port: port(path, at('port'), p.port),
    user,
    group,
    wsgiScript: entry._script,
    wsgiCallable: entry._callable,
    config,
    standaloneCommand,
    frontends,
    singleThreaded: p.singleThreaded ?? false,
    chunkedUploads: p.chunkedUploads ?? false,
    healthPaths,
    healthDisableFile:
      p.healthDisableFile === undefined
        ? undefined
        : absolutePath(path, at('healthDisableFile'), p.healthDisableFile),
    sharedVolumes,
    environment: environmentMap(path, at, p.environment),
    image: resolveImage(path, name, def, at),
    hasDatabase: p.database !== undefined && p.database.ownedBy === undefined,
    databaseOwner: databaseOwner(path, at, p.database),
    databaseCharacterSet: p.database?.characterSet === 'utf8' ? 'utf8' : 'utf8mb4',
    additionalDatabases: additionalDatabases(path, at, p.database?.additionalDatabases),
    messaging: p.messaging === undefined ? undefined : p.messaging.required ? 'required' : 'optional',
    usesCache: p.cache !== undefined,
    requiresCache: p.cache?.required === true,
    companions,
    catalog,
    identityApiPath: p.identityProvider
      ? urlPath(path, at('identityProvider apiPath'), p.identityProvider.apiPath)
      : undefined,
    identityLogin: p.identityLogin !== undefined,
    secrets: secretList(path, at, p.secrets),
  };
}

function secretList(
  path: string,
  at: (w: string) => string,
  list: ServiceDefinition['props']['secrets'],
): ServiceModel['secrets'] {
  const out = (list ?? []).map((s) => {
    const name = literal(path, at('secrets'), s.name);
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(name))
      throw new WsgiformError(
        path,
        `${at('secrets')}: ${JSON.stringify(name)} is not a secret name; use 1-32 lower-case letters, digits and _, starting with a letter`,
      );
    return { name, description: literal(path, at(`secret ${name} description`), s.description) };
  });
  if (new Set(out.map((s) => s.name)).size !== out.length)
    throw new WsgiformError(path, `${at('secrets')}: two secrets share a name; name each once`);
  return out;
}

/** Wiring values that hold a password: they stay in config files (mode 0640), never in the environment. */
const SECRET_WIRING = /^(database_url.*|admin_password|service_password|transport_url|secret_.*)$/;

function environmentMap(
  path: string,
  at: (w: string) => string,
  env: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env ?? {})) {
    if (!ENV_NAME.test(literal(path, at('environment'), k)))
      throw new WsgiformError(
        path,
        `${at('environment')}: ${JSON.stringify(k)} is not a variable name; use letters, digits and _`,
      );
    if (typeof v !== 'string')
      throw new WsgiformError(path, `${at(`environment[${k}]`)}=${String(v)}: must be a string`);
    for (const name of wiringIn(v)) {
      if (SECRET_WIRING.test(name))
        throw new WsgiformError(
          path,
          `${at(`environment[${k}]`)}: Wiring.${name.toUpperCase()} holds a password, and the environment is written into the world-readable start script; put it in a config file instead`,
        );
    }
    literal(path, at(`environment[${k}]`), withoutWiring(v));
    out[k] = v;
  }
  return out;
}

function databaseOwner(
  path: string,
  at: (w: string) => string,
  db: ServiceDefinition['props']['database'],
): string | undefined {
  if (db?.ownedBy === undefined) return undefined;
  const owner = dnsName(path, at('database ownedBy'), db.ownedBy);
  if (db.migrations.length > 0)
    throw new WsgiformError(
      path,
      `${at('database migrations')}: the databases are ${owner}'s, which migrates them; leave migrations empty`,
    );
  if (db.characterSet !== undefined)
    throw new WsgiformError(
      path,
      `${at('database characterSet')}: the databases are ${owner}'s and created with its character set; drop it`,
    );
  return owner;
}

function additionalDatabases(
  path: string,
  at: (w: string) => string,
  suffixes: readonly string[] | undefined,
): string[] {
  const list = (suffixes ?? []).map((x) => literal(path, at('additionalDatabases'), x));
  for (const x of list) {
    if (!/^[a-z0-9_]{1,32}$/.test(x))
      throw new WsgiformError(
        path,
        `${at('additionalDatabases')}: ${JSON.stringify(x)} is not a database suffix; use 1-32 lower-case letters, digits and _`,
      );
  }
  if (new Set(list).size !== list.length)
    throw new WsgiformError(path, `${at('additionalDatabases')}: a suffix is listed twice; list each once`);
  return list;
}

function resolveImage(
  path: string,
  key: string,
  def: ServiceDefinition,
  at: (w: string) => string,
): ImageSpec {
  const img = def.props.image;
  if (img._name !== undefined) {
    if (!IMAGE_NAME.test(literal(path, at('image'), img._name)))
      throw new WsgiformError(
        path,
        `${at('image')}=${JSON.stringify(img._name)}: not a Docker image reference`,
      );
    return { key, name: img._name, buildArgs: {} };
  }
  if (img._userSupplied !== undefined)
    return { key, userSupplied: literal(path, at('image requirements'), img._userSupplied), buildArgs: {} };
  if (img._directory !== undefined)
    return { key, directory: absolutePath(path, at('image directory'), img._directory), buildArgs: {} };
  const pk = img._packages!.packages;
  if (pk.packages.length === 0)
    throw new WsgiformError(path, `${at('image packages')}: name at least one Debian package`);
  const packageNames = (what: string, names: readonly string[]) => {
    for (const n of names) {
      if (!DEBIAN_PACKAGE.test(literal(path, at(what), n)))
        throw new WsgiformError(path, `${at(what)}: ${JSON.stringify(n)} is not a Debian package name`);
    }
    return names.join(' ');
  };
  const packages = packageNames('image packages', pk.packages);
  const shared = packageNames('image sharedPackages', pk.sharedPackages ?? []);
  const id = (what: string, v: number | undefined) =>
    v === undefined
      ? ''
      : String(integer(path, at(what), v, 100, 2 ** 31 - 2, 'use a system id from 100 up'));
  const selections = (pk.debconfSelections ?? []).map((l) => literal(path, at('debconfSelections'), l));
  for (const l of selections) {
    if (!/^\S+ \S+ \S+ .*$/.test(l))
      throw new WsgiformError(
        path,
        `${at('debconfSelections')}: ${JSON.stringify(l)} is not 'owner question type value'`,
      );
  }
  return {
    key,
    bundled: 'service',
    buildArgs: {
      SHARED_PACKAGES: shared,
      PACKAGES: packages,
      SERVICE_USER: def.props.user,
      SERVICE_GROUP: def.props.group ?? def.props.user,
      SERVICE_UID: id('image uid', pk.uid),
      SERVICE_GID: id('image gid', pk.gid ?? pk.uid),
      DEBCONF_SELECTIONS: selections.join('\n'),
    },
  };
}

/** A file for the service's containers, checked. */
export interface ConfigFileModel {
  readonly path: string;
  readonly mode: number;
  readonly ini?: { readonly sections: Sections; readonly dialect: IniDialectName };
  readonly content?: string;
}

/** `wire` swaps a definition's Wiring values in an ini file before its values are checked. */
export function resolveConfigFile(
  path: string,
  what: string,
  f: ConfigFile,
  wire: (s: Sections) => Sections = (s) => s,
): ConfigFileModel {
  absolutePath(path, `${what} path`, f.path);
  integer(path, `${what} ${f.path} mode`, f.mode, 0, 0o777, 'use a Unix mode such as 0o640');
  if (f._ini)
    return {
      path: f.path,
      mode: f.mode,
      ini: {
        sections: checkedSections(path, `${what} ${f.path}`, wire(f._ini.sections)),
        dialect: f._ini.flavor,
      },
    };
  return { path: f.path, mode: f.mode, content: f._content ?? '' };
}

/** Sections from props, with every name and value checked. */
export function checkedSections(path: string, what: string, config: Sections | undefined): Sections {
  const out: Record<string, Record<string, string>> = {};
  for (const [section, options] of Object.entries(config ?? {})) {
    out[literal(path, `${what} section`, section)] = stringMap(path, `${what}[${section}]`, options);
  }
  return out;
}

/** What the deployment gives a service: which optional parts it has and the wiring values. */
export interface ServiceContext {
  /** The service has a database: its own, or its owner's. */
  readonly database: boolean;
  readonly identity: boolean;
  readonly messaging: boolean;
  readonly cache: boolean;
  readonly wiring: Partial<Record<WiringName, string>>;
  /** The operator's options, merged last. */
  readonly config?: Sections;
  /** The operator's extra files. */
  readonly extraFiles: readonly ConfigFile[];
}

/** The service's files and bootstrap steps for one deployment. */
export interface ServiceConfigModel {
  readonly mainConfig?: {
    readonly path: string;
    readonly sections: Sections;
    readonly dialect: IniDialectName;
  };
  readonly files: readonly ConfigFileModel[];
  readonly bootstrap: readonly BootstrapStep[];
  /** Steps after the catalog registration, with the admin's credentials in the environment. */
  readonly identityBootstrap: readonly BootstrapStep[];
  /** The definition's process environment with the deployment's wiring values. */
  readonly environment: Readonly<Record<string, string>>;
}

export function resolveServiceConfig(
  path: string,
  svc: ServiceModel,
  def: ServiceDefinition,
  ctx: ServiceContext,
): ServiceConfigModel {
  const p = def.props;
  const wire = (what: string, v: string) =>
    substituteWiring(v, ctx.wiring, (name) => {
      throw new WsgiformError(
        path,
        `${what}: service ${svc.name} uses Wiring.${name.toUpperCase()}, which this deployment does not provide${wiringFix(name)}`,
      );
    });
  const wireSections = (what: string, s: Sections | undefined): Sections => {
    const out: Record<string, Record<string, string>> = {};
    for (const [section, opts] of Object.entries(s ?? {}))
      out[section] = Object.fromEntries(
        Object.entries(opts).map(([k, v]) => [k, wire(`${what} [${section}] ${k}`, v)]),
      );
    return out;
  };

  let mainConfig: ServiceConfigModel['mainConfig'];
  const userConfig = checkedSections(path, 'config', ctx.config);
  if (svc.config) {
    let sections = wireSections('config', p.config?.defaults);
    if (ctx.database) sections = mergeIni(sections, wireSections('database config', p.database?.config));
    if (ctx.identity)
      sections = mergeIni(
        sections,
        wireSections('identity config', p.identity?.config ?? p.identityLogin?.config),
      );
    if (ctx.messaging) sections = mergeIni(sections, wireSections('messaging config', p.messaging?.config));
    if (ctx.cache) sections = mergeIni(sections, wireSections('cache config', p.cache?.config));
    mainConfig = {
      path: svc.config.path,
      sections: mergeIni(sections, userConfig),
      dialect: svc.config.dialect,
    };
  } else if (Object.keys(userConfig).length > 0) {
    throw new WsgiformError(
      path,
      `config: service ${svc.name} has no main config file to merge options into; add a ConfigFile to extraFiles instead`,
    );
  }

  // The definition's ini files may hold Wiring values (Swift's swift.conf holds its hash path
  // suffix); the operator's extra files hold Secret values directly.
  const files: ConfigFileModel[] = [
    ...(p.files ?? []).map((f) =>
      resolveConfigFile(path, `service ${svc.name} files`, f, (s) => wireSections(`file ${f.path}`, s)),
    ),
    ...ctx.extraFiles.map((f) => resolveConfigFile(path, 'extraFiles', f)),
  ];
  const seen = new Set(mainConfig ? [mainConfig.path] : []);
  for (const f of files) {
    if (seen.has(f.path)) throw new WsgiformError(path, `extraFiles: ${f.path} is written twice; keep one`);
    seen.add(f.path);
  }

  const run = (c: BootstrapCommand, what: string): BootstrapStep => {
    if (c.argv.length === 0) throw new WsgiformError(path, `${what}: a command is empty`);
    const argv = c.argv.map((a) => literal(path, what, wire(what, a)));
    return c.asRoot ? { kind: 'run', argv } : { kind: 'run', argv, user: svc.user, group: svc.group };
  };
  const bootstrap: BootstrapStep[] = [
    ...svc.sharedVolumes
      .filter((v) => v.private)
      .map((v) => ({ kind: 'private-dir' as const, path: v.path, user: svc.user, group: svc.group })),
    ...(ctx.database
      ? (p.database?.migrations ?? []).map((c) => run(c, `service ${svc.name} migrations`))
      : []),
    ...(p.bootstrap ?? []).map((c) => run(c, `service ${svc.name} bootstrap`)),
  ];
  const identityBootstrap = ctx.identity
    ? (p.identity?.bootstrap ?? []).map((c) => run(c, `service ${svc.name} identity bootstrap`))
    : [];
  const environment = Object.fromEntries(
    Object.entries(svc.environment).map(([k, v]) => [k, wire(`environment[${k}]`, v)]),
  );
  return { mainConfig, files, bootstrap, identityBootstrap, environment };
}

function wiringFix(name: string): string {
  if (name.startsWith('database_url'))
    return name === 'database_url'
      ? '; give the service a database (and databasePassword)'
      : `; list '${name.slice('database_url_'.length)}' in the definition's database.additionalDatabases and give the service a database`;
  if (name.startsWith('identity_') || name.startsWith('service_'))
    return '; give the service an identity service (and servicePassword)';
  if (name === 'admin_password') return '; set adminPassword';
  if (name === 'transport_url') return '; give the deployment a message bus (ControlPlane messageBus)';
  if (name === 'memcached_servers') return '; give the deployment a cache (ControlPlane cache)';
  if (name.startsWith('secret_'))
    return `; the definition lists no secret named '${name.slice('secret_'.length)}' in its secrets`;
  if (name.startsWith('companion_host_'))
    return `; the definition has no companion named '${name.slice('companion_host_'.length)}'`;
  return '';
}

/** Which optional parts a deployment gives a service, and the secrets that go with them. */
export interface ServiceParts {
  readonly database: boolean;
  readonly databasePassword: boolean;
  readonly identity?: { readonly path: string; readonly isIdentityService: boolean };
  readonly servicePassword: boolean;
  readonly adminPassword: boolean;
  readonly region: boolean;
  readonly messageBus: boolean;
  readonly cache: boolean;
}

/** Refuses a part the service cannot use and a part it cannot do without, with the fix. */
export function checkServiceParts(path: string, svc: ServiceModel, g: ServiceParts): void {
  const name = svc.name;
  const provider = svc.identityApiPath !== undefined;
  const identity = g.identity;
  const rules: [boolean, string][] = [
    [g.database && !svc.hasDatabase, `database: service ${name} has no database; drop it`],
    [
      !g.database && svc.hasDatabase,
      `database is missing: service ${name} keeps its state in one; pass a Database (a ControlPlane adds its own)`,
    ],
    [
      g.databasePassword && !g.database,
      'databasePassword: there is no database to use it for; give the service a database or drop the password',
    ],
    [
      g.database && !g.databasePassword,
      `databasePassword is missing: service ${name} needs a password for its database user (a Secret)`,
    ],
    [
      g.servicePassword && !identity,
      'servicePassword: there is no identity service to register in; give the service an identity or drop the password',
    ],
    [
      !!identity && !svc.catalog && !svc.identityLogin,
      `identity: service ${name} has no catalog entry to register; drop identity or describe one in its definition`,
    ],
    [
      !identity && svc.identityLogin,
      `identity is missing: service ${name} signs users in at Keystone; pass the ApiService of Keystone as identity`,
    ],
    [
      g.servicePassword && svc.identityLogin,
      `servicePassword: service ${name} only signs users in and has no Keystone user of its own; drop it`,
    ],
    [
      !!identity && !identity.isIdentityService,
      `identity=${identity?.path}: not an identity service; pass the ApiService of Keystone`,
    ],
    [
      !!identity && !g.servicePassword && !svc.identityLogin,
      `servicePassword is missing: ${name} authenticates against ${identity?.path} and needs a Keystone user password (a Secret)`,
    ],
    [g.adminPassword && !provider, `adminPassword: service ${name} is not an identity service; drop it`],
    [g.region && !provider, "region: the region is the identity service's; set it there"],
    [g.messageBus && svc.messaging === undefined, `messageBus: service ${name} uses no message bus; drop it`],
    [
      !g.messageBus && svc.messaging === 'required',
      `messageBus is missing: service ${name} forwards its calls over RPC and cannot answer without one; give the deployment a MessageBus (ControlPlane messageBus)`,
    ],
    [g.cache && !svc.usesCache, `cache: service ${name} uses no cache; drop it`],
    [
      !g.cache && svc.requiresCache,
      `cache is missing: service ${name} keeps state its replicas share in Memcached and does not work without it; give the deployment a Cache (ControlPlane cache)`,
    ],
    [
      provider && !g.adminPassword,
      `adminPassword is missing: ${name} is the identity service and bootstraps an admin user (a Secret)`,
    ],
  ];
  const broken = rules.find(([bad]) => bad);
  if (broken) throw new WsgiformError(path, broken[1]);
}
