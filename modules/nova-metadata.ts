import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import { definition as nova } from './nova';
import { COMMON_DEFAULTS, osloDatabase, REQUIRES_MESSAGE_BUS } from './shared/openstack';

/**
 * Nova's metadata API as Debian bookworm packages it: the same nova-api 2:26.2.2 (Zed) package
 * and image as Nova's compute API. Entry point: pbr `wsgi_scripts` `nova-metadata-wsgi`
 * (`nova.api.metadata.wsgi:init_application`), which reads its files like `nova-api-wsgi`
 * (`OS_NOVA_CONFIG_FILES` in `OS_NOVA_CONFIG_DIR`, defaults Debian's /etc/nova/api-paste.ini and
 * wsgiform's /etc/nova/nova.conf) and serves the paste app `metadata`. Port 8775
 * (`metadata_listen_port`). Debian's paste pipeline `meta` starts with oslo.middleware's
 * healthcheck, so `/healthcheck` answers 200; `/` lists the metadata versions without looking
 * anything up. 1 thread per process, as Nova.
 *
 * It is Nova: it reads Nova's API database (instance and cell mappings) and cell database with
 * Nova's database user (`database.ownedBy`, deployed with `databaseOwner`), records itself as
 * `nova-metadata` in the cell's services table at start, and checks that no compute service is
 * too old. It registers nothing in the catalog: instances reach it through Neutron's metadata
 * agent, which signs each instance ID with HMAC-SHA256 and a secret both share
 * (`[neutron] service_metadata_proxy`, `metadata_proxy_shared_secret`): an operator's Secret.
 */
export const definition = new ServiceDefinition({
  name: 'nova-metadata',
  title: 'Nova metadata API',
  image: nova.props.image,
  entryPoint: EntryPoint.script('/usr/bin/nova-metadata-wsgi'),
  port: 8775,
  healthPaths: ['/healthcheck', '/'],
  user: 'nova',
  // Every WSGI frontend (the default): the package has no server of its own for it.
  config: {
    path: '/etc/nova/nova.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      neutron: {
        service_metadata_proxy: 'true',
        metadata_proxy_shared_secret: Wiring.secret('metadata_proxy_shared_secret'),
      },
    },
  },
  singleThreaded: true,
  database: {
    ownedBy: 'nova',
    additionalDatabases: ['api'],
    config: {
      ...osloDatabase(),
      api_database: { connection: Wiring.additionalDatabaseUrl('api'), max_retries: '-1' },
    },
    migrations: [],
  },
  secrets: [
    {
      name: 'metadata_proxy_shared_secret',
      description:
        "the key Neutron's metadata agent signs instance IDs with (its own metadata_proxy_shared_secret must be the same)",
    },
  ],
  messaging: REQUIRES_MESSAGE_BUS,
});
