import { FrontendKind } from '../lib/core/frontend-kind';
import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  REQUIRES_MESSAGE_BUS,
  serviceUserAuth,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CELL1 = 'cell1';

/**
 * Nova's compute API as Debian bookworm packages it: nova-api 2:26.2.2 (Zed).
 * Entry point: pbr `wsgi_scripts` `nova-api-wsgi`
 * (`nova.api.openstack.compute.wsgi:init_application`), which reads the `;`-separated files of
 * `OS_NOVA_CONFIG_FILES` relative to `OS_NOVA_CONFIG_DIR` (defaults `api-paste.ini;nova.conf`
 * in /etc/nova, where Debian installs the paste file and wsgiform writes nova.conf) and
 * `sys.argv`. Port 8774 (`osapi_compute_listen_port`). Its paste pipeline has the healthcheck
 * filter only inside the versioned pipelines, where it never matches; `/` answers 200 (the
 * version document), as kolla-ansible and openstack-ansible check it. puppet-nova and
 * Debian's uWSGI ini run 1 thread per process, and so does wsgiform.
 *
 * Nova keeps three databases: the API database (`nova_api`: flavors, cell and instance
 * mappings), cell0 (`nova_cell0`, instances that failed to schedule) and the cell's own
 * (`nova`). The bootstrap job migrates the API database, maps cell0 (whose URL Nova derives
 * from `[database] connection` by appending `_cell0` to the name), creates cell1 once (with
 * the deployment's message bus and the `nova` database) and migrates the cells, as Debian's
 * postinst and the install guide do. At start the API records itself in the services table.
 * Listing flavors reads the API database and listing servers every cell's; nova-conductor,
 * nova-scheduler, Placement, Glance and Neutron are needed only to boot servers.
 */
export const definition = new ServiceDefinition({
  name: 'nova',
  title: 'Nova (compute API)',
  image: openstackImage({
    packages: ['nova-api'],
    uid: 64060,
    debconfSelections: [...noDebconfSetup('nova'), 'nova-api novaapi/configure_db boolean false'],
  }),
  entryPoint: EntryPoint.script('/usr/bin/nova-api-wsgi'),
  port: 8774,
  healthPaths: ['/'],
  user: 'nova',
  frontends: [
    FrontendKind.APACHE_MOD_WSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.UWSGI_HTTP,
  ],
  config: {
    path: '/etc/nova/nova.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: COMMON_DEFAULTS,
  },
  singleThreaded: true,
  database: {
    additionalDatabases: ['api', 'cell0'],
    config: {
      ...osloDatabase(),
      api_database: { connection: Wiring.additionalDatabaseUrl('api'), max_retries: '-1' },
    },
    migrations: [
      { argv: ['nova-manage', 'api_db', 'sync'] },
      { argv: ['nova-manage', 'cell_v2', 'map_cell0'] },
      {
        // create_cell refuses a second cell with the same database and bus (exit 2).
        argv: [
          'sh',
          '-ec',
          `nova-manage cell_v2 list_cells | grep -q ' ${CELL1} ' || nova-manage cell_v2 create_cell --name ${CELL1} --verbose`,
        ],
      },
      { argv: ['nova-manage', 'db', 'sync'] },
    ],
  },
  identity: {
    catalogType: 'compute',
    catalogPath: '/v2.1',
    description: 'Nova Compute Service',
    config: {
      keystone_authtoken: keystoneAuthtoken(),
      // Nova calls Placement, Neutron and Glance as the service user, through their internal URLs.
      service_user: { ...serviceUserAuth(), send_service_user_token: 'true' },
      placement: { ...serviceUserAuth(), region_name: Wiring.REGION, valid_interfaces: 'internal' },
      neutron: { ...serviceUserAuth(), region_name: Wiring.REGION, valid_interfaces: 'internal' },
      glance: { valid_interfaces: 'internal' },
    },
  },
  messaging: REQUIRES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
