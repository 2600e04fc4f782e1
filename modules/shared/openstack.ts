// Config every OpenStack API shares, written once for the service files next door.
import { type DebianPackagesImageProps, ServiceImage, Wiring } from '../../lib/definition/service-definition';

/**
 * keystonemiddleware's `[keystone_authtoken]` for a service user in the `service` project, as
 * the install guides of every OpenStack API write it (e.g. the Cinder 2023.1 install guide,
 * "Install and configure controller node"); `service_token_roles_required` as keystonemiddleware
 * recommends since Ocata.
 */
export function keystoneAuthtoken(): { [option: string]: string } {
  return {
    www_authenticate_uri: Wiring.IDENTITY_PUBLIC_URL,
    auth_url: Wiring.IDENTITY_INTERNAL_URL,
    auth_type: 'password',
    region_name: Wiring.REGION,
    project_domain_name: 'Default',
    user_domain_name: 'Default',
    project_name: 'service',
    username: Wiring.SERVICE_USER,
    password: Wiring.SERVICE_PASSWORD,
    service_token_roles_required: 'true',
  };
}

/**
 * keystoneauth's password plugin for the service user in the `service` project: what a service
 * uses to call other services on its own behalf (aodh's `[service_credentials]`, magnum's
 * `[keystone_auth]`, watcher's `[watcher_clients_auth]`).
 */
export function serviceUserAuth(): { [option: string]: string } {
  return {
    auth_type: 'password',
    auth_url: Wiring.IDENTITY_INTERNAL_URL,
    username: Wiring.SERVICE_USER,
    password: Wiring.SERVICE_PASSWORD,
    project_name: 'service',
    user_domain_name: 'Default',
    project_domain_name: 'Default',
  };
}

/** Logs to stderr (the container's log) and trusts X-Forwarded-* from the load balancer. */
export const COMMON_DEFAULTS = {
  DEFAULT: { use_stderr: 'true' },
  oslo_middleware: { enable_proxy_headers_parsing: 'true' },
};

/**
 * debconf answers that keep Debian's maintainer scripts from configuring a database
 * (dbconfig-common) or registering endpoints while the image builds; wsgiform does both itself.
 */
export function noDebconfSetup(
  service: string,
  common = `${service}-common`,
  api = `${service}-api`,
): string[] {
  return [
    `${common} ${service}/configure_db boolean false`,
    `${api} ${service}/configure_api-endpoint boolean false`,
  ];
}

/**
 * oslo.db's connection to the service's own database, retried forever while MariaDB starts
 * (`max_retries = -1`, as kolla-ansible sets it), in `section`.
 */
export function osloDatabase(section = 'database'): { [section: string]: { [option: string]: string } } {
  return { [section]: { connection: Wiring.DATABASE_URL, max_retries: '-1' } };
}

/** oslo.messaging's `transport_url`, when the deployment has a message bus. */
export const USES_MESSAGE_BUS = { config: { DEFAULT: { transport_url: Wiring.TRANSPORT_URL } } };

/** The same, for an API that cannot answer without the bus (synth refuses a plane without one). */
export const REQUIRES_MESSAGE_BUS = { ...USES_MESSAGE_BUS, required: true };

/** keystonemiddleware's token cache, when the deployment has Memcached. */
export const USES_TOKEN_CACHE = {
  config: { keystone_authtoken: { memcached_servers: Wiring.MEMCACHED_SERVERS } },
};

/**
 * A Docker healthcheck for an oslo.messaging daemon: healthy while it holds an established TCP
 * connection to the message bus (RabbitMQ's 5672 = 0x1628), read from the kernel's table of the
 * container's own network namespace. kolla-ansible checks RPC daemons the same way
 * (`healthcheck_port <process> 5672`).
 */
export function connectedToMessageBus(): string[] {
  return [
    'bash',
    '-c',
    'awk \'$3 ~ /:1628$/ && $4 == "01" { found = 1 } END { exit !found }\' /proc/net/tcp /proc/net/tcp6',
  ];
}

/**
 * The shared image layer of every OpenStack service (`sharedPackages`): the libraries that at
 * least 9 of the 26 API packages of bookworm pull in (counted with `apt-get -s install
 * --no-install-recommends <api package>` on bookworm, December 2026): about 100 packages that
 * would otherwise be downloaded and unpacked again for every service image. Sorted; changing
 * it rebuilds every service image.
 */
export const OPENSTACK_LIBRARIES: string[] = [
  'alembic',
  'dbconfig-common',
  'python3-alembic',
  'python3-babel',
  'python3-barbicanclient',
  'python3-jinja2',
  'python3-keystonemiddleware',
  'python3-migrate',
  'python3-networkx',
  'python3-oslo.cache',
  'python3-oslo.concurrency',
  'python3-oslo.db',
  'python3-oslo.messaging',
  'python3-oslo.middleware',
  'python3-oslo.policy',
  'python3-oslo.reports',
  'python3-oslo.service',
  'python3-oslo.upgradecheck',
  'python3-oslo.versionedobjects',
  'python3-osprofiler',
  'python3-pastescript',
  'python3-pecan',
  'python3-psycopg2',
  'python3-routes',
  'python3-sqlalchemy',
  'python3-swiftclient',
  'python3-tooz',
  'python3-webtest',
  'python3-werkzeug',
  'sqlite3',
];

/**
 * wsgiform's service image with Debian packages on top of the shared layer of OpenStack
 * libraries: every OpenStack service names the same list, so Docker builds that layer once.
 */
export function openstackImage(props: Omit<DebianPackagesImageProps, 'sharedPackages'>): ServiceImage {
  return ServiceImage.debianPackages({ ...props, sharedPackages: OPENSTACK_LIBRARIES });
}
