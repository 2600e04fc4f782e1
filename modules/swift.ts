import { FrontendKind } from '../lib/core/frontend-kind';
import { ConfigFile, IniFlavor } from '../lib/definition/config-file';
import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import { keystoneAuthtoken, openstackImage } from './shared/openstack';

const PROXY_CONF = '/etc/swift/proxy-server.conf';
const WSGI = '/etc/swift/wsgiform-proxy-wsgi.py';
/** Rings (and their builder files), built by the bootstrap job; `swift_dir` of every server. */
const RINGS = '/var/lib/swift/rings';
/** The storage servers' `devices` directory; `d1` is the one device of each ring. */
const DEVICES = '/srv/node';
const DEVICE = 'd1';

/** The three storage servers, each in a companion container of its own. */
const STORAGE = [
  { name: 'account', port: 6202 },
  { name: 'container', port: 6201 },
  { name: 'object', port: 6200 },
] as const;

/**
 * Swift's pipeline (the order of swift's own proxy-server.conf-sample, with the filters a
 * minimal deployment needs): keystone's two filters where `AUTH` stands.
 */
function pipeline(auth: string): string {
  return [
    'catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ratelimit',
    auth,
    'copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server',
  ].join(' ');
}

/** `use = egg:swift#<entry point>` sections for the filters above. */
const FILTERS: { [section: string]: { [option: string]: string } } = Object.fromEntries(
  [
    'catch_errors',
    'gatekeeper',
    'proxy-logging:proxy_logging',
    'listing_formats',
    'bulk',
    'tempurl',
    'ratelimit',
    'copy',
    'container-quotas:container_quotas',
    'account-quotas:account_quotas',
    'slo',
    'dlo',
    'versioned_writes',
    'symlink',
  ].map((f) => {
    const [section, entry] = f.includes(':') ? f.split(':') : [f, f];
    return [`filter:${section}`, { use: `egg:swift#${entry}` }];
  }),
);

/**
 * Swift's own loader of the proxy's paste pipeline, as Debian's /usr/bin/swift-proxy-server-uwsgi
 * calls it, with `verbose` so that Swift's WSGI logger also writes to stderr (the container's
 * log): a container has no syslog socket, where Swift logs otherwise.
 */
const WRAPPER = ConfigFile.raw(
  WSGI,
  [
    "# Rendered by wsgiform: Swift's proxy pipeline, loaded as swift-proxy-server-uwsgi does.",
    'from swift.common.wsgi import init_request_processor',
    '',
    'application, conf, logger, log_name = init_request_processor(',
    `    '${PROXY_CONF}', 'proxy-server', verbose=True)`,
    '',
  ].join('\n'),
  0o644,
);

/**
 * Daemons beside the servers: the container updater reports each container's object count and
 * bytes to its account (what `swift stat` shows), the object updater retries container updates
 * that failed while a container server was away. Every 30 s instead of Swift's 300.
 */
const UPDATERS = [
  { name: 'container-updater', conf: 'container' },
  { name: 'object-updater', conf: 'object' },
] as const;

/** A storage server's paste config: one device under /srv/node, no mount check, one process. */
function storageConf(name: string, port: number): ConfigFile {
  const updater = UPDATERS.find((u) => u.conf === name);
  return ConfigFile.ini(
    `/etc/swift/${name}-server.conf`,
    {
      DEFAULT: {
        bind_ip: '0.0.0.0',
        bind_port: String(port),
        devices: DEVICES,
        // The device is a directory on a volume, not a mounted disk.
        mount_check: 'false',
        // One process; Docker restarts it.
        workers: '0',
        swift_dir: RINGS,
        user: 'swift',
      },
      'pipeline:main': { pipeline: `healthcheck ${name}-server` },
      [`app:${name}-server`]: { use: `egg:swift#${name}` },
      'filter:healthcheck': { use: 'egg:swift#healthcheck' },
      ...(updater ? { [updater.name]: { interval: '30' } } : {}),
    },
    IniFlavor.PASTE,
  );
}

/**
 * Builds each ring once (one replica, one device on its storage companion, 2^6 partitions) in
 * the shared rings volume. The companions' host names come in as arguments; Swift's rings hold
 * host names as well as addresses (swift.common.ring.utils.validate_and_normalize_address).
 */
const BUILD_RINGS = [
  'set -eu',
  `mkdir -p ${DEVICES}/${DEVICE}`,
  `cd ${RINGS}`,
  'build() { [ -e "$1.ring.gz" ] && return 0',
  '  swift-ring-builder "$1.builder" create 6 1 0',
  `  swift-ring-builder "$1.builder" add --region 1 --zone 1 --ip "$2" --port "$3" --device ${DEVICE} --weight 100`,
  '  swift-ring-builder "$1.builder" rebalance; }',
  ...STORAGE.map((s, i) => `build ${s.name} "$${i + 1}" ${s.port}`),
].join('; ');

/**
 * Swift (object storage) as Debian bookworm packages it: swift-proxy 2.30.1 (Zed) with
 * swift-account, swift-container and swift-object. The proxy is a paste pipeline that Swift's
 * own loader builds from the fixed path /etc/swift/proxy-server.conf (Debian's WSGI script
 * /usr/bin/swift-proxy-server-uwsgi; wsgiform's script above does the same with logging to
 * stderr). Port 8080. Swift's own healthcheck filter answers `/healthcheck` with 200 before any
 * auth, and 503 while its `disable_path` file exists. Every Swift process reads
 * /etc/swift/swift.conf (a fixed path in swift.common.utils) for the hash path suffix, which
 * places objects and so must be the same everywhere and never change: the operator supplies it
 * as a Secret, as kolla-ansible (`swift_hash_path_suffix` in passwords.yml) and puppet-swift do.
 * The account, container and object servers run as companions (one process each, on ports
 * 6202/6201/6200, one device directory on a volume); the bootstrap job builds the three rings
 * with their host names; the container and object updaters run beside them. No replicators or
 * auditors run: with one replica there is nothing to replicate. Uploads may be chunked (`swift upload` of a stream), so the frontends are
 * the ones that pass chunked bodies: Apache mod_wsgi (`WSGIChunkedRequest On`) and Swift's own
 * eventlet server. Memcached is required: Swift's proxy keeps account and container info and
 * tokens there, shared by its replicas. Catalog type `object-store` at `/v1/AUTH_%(project_id)s`
 * with keystoneauth's default reseller prefix `AUTH_`; members and admins are operators.
 * Without an identity service the pipeline has tempauth, with no users until the operator adds
 * some (`config: { 'filter:tempauth': { user_<account>_<user>: '<key> .admin' } }`).
 */
export const definition = new ServiceDefinition({
  name: 'swift',
  title: 'Swift (object storage)',
  image: openstackImage({
    packages: ['swift-proxy', 'swift-account', 'swift-container', 'swift-object'],
  }),
  entryPoint: EntryPoint.script(WSGI),
  port: 8080,
  healthPaths: ['/healthcheck'],
  healthDisableFile: '/etc/swift/healthcheck_disable',
  user: 'swift',
  frontends: [FrontendKind.APACHE_MOD_WSGI, FrontendKind.STANDALONE],
  chunkedUploads: true,
  config: {
    path: PROXY_CONF,
    delivery: ConfigDelivery.defaultPath(),
    flavor: IniFlavor.PASTE,
    defaults: {
      DEFAULT: { bind_port: '8080', workers: Wiring.WORKERS, swift_dir: RINGS, user: 'swift' },
      'pipeline:main': { pipeline: pipeline('tempauth') },
      'app:proxy-server': { use: 'egg:swift#proxy', account_autocreate: 'true' },
      'filter:healthcheck': { use: 'egg:swift#healthcheck', disable_path: '/etc/swift/healthcheck_disable' },
      'filter:cache': { use: 'egg:swift#memcache' },
      'filter:tempauth': { use: 'egg:swift#tempauth' },
      ...FILTERS,
    },
  },
  files: [
    WRAPPER,
    ConfigFile.ini(
      '/etc/swift/swift.conf',
      {
        'swift-hash': { swift_hash_path_suffix: Wiring.secret('hash_path_suffix') },
        'storage-policy:0': { name: 'Policy-0', default: 'yes' },
      },
      IniFlavor.PASTE,
    ),
    ...STORAGE.map((s) => storageConf(s.name, s.port)),
  ],
  secrets: [
    {
      name: 'hash_path_suffix',
      description:
        "Swift's swift_hash_path_suffix, which places every object: changing it after objects are stored loses them",
    },
  ],
  sharedVolumes: [
    { name: 'rings', path: RINGS, private: true },
    { name: 'devices', path: DEVICES, private: true },
  ],
  bootstrap: [
    {
      argv: ['sh', '-c', BUILD_RINGS, 'build-rings', ...STORAGE.map((s) => Wiring.companionHost(s.name))],
    },
  ],
  companions: [
    ...STORAGE.map((s) => ({
      name: s.name,
      command: [`/usr/bin/swift-${s.name}-server`, `/etc/swift/${s.name}-server.conf`, '--verbose'],
      configFiles: false,
      healthcheck: ['curl', '-fsS', '-o', '/dev/null', `http://127.0.0.1:${s.port}/healthcheck`],
    })),
    ...UPDATERS.map((u) => ({
      name: u.name,
      command: [`/usr/bin/swift-${u.name}`, `/etc/swift/${u.conf}-server.conf`, '--verbose'],
      configFiles: false,
    })),
  ],
  identity: {
    catalogType: 'object-store',
    catalogPath: '/v1/AUTH_%(project_id)s',
    description: 'Swift Object Storage',
    config: {
      'pipeline:main': { pipeline: pipeline('authtoken keystoneauth') },
      'filter:authtoken': {
        'paste.filter_factory': 'keystonemiddleware.auth_token:filter_factory',
        ...keystoneAuthtoken(),
        // keystoneauth decides, so tempurl and public containers still work.
        delay_auth_decision: 'true',
        // The cache filter's memcache client, from the request environment.
        cache: 'swift.cache',
      },
      'filter:keystoneauth': { use: 'egg:swift#keystoneauth', operator_roles: 'admin, member' },
    },
  },
  cache: { required: true, config: { 'filter:cache': { memcache_servers: Wiring.MEMCACHED_SERVERS } } },
  standalone: { command: ['/usr/bin/swift-proxy-server', PROXY_CONF, '--verbose'] },
});
