import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const STORAGE = '/var/lib/gnocchi';

/**
 * Gnocchi (metrics) as Debian bookworm packages it: gnocchi-api 4.4.2.
 * Entry point: the module `gnocchi.rest.wsgi`, whose `application` is an application object
 * (Debian's uWSGI ini serves it with `wsgi =`); config from the default path
 * /etc/gnocchi/gnocchi.conf, paste from /etc/gnocchi/api-paste.ini (installed by
 * gnocchi-common). Port 8041 (`[api] port`). `/healthcheck` (oslo.middleware, no back ends) and
 * `/` answer 200. `[api] auth_mode` defaults to `basic`; with Keystone it is set to `keystone`.
 * The index lives in the database, measures in the file driver's directory, shared by the
 * replicas and the bootstrap job (`gnocchi-upgrade` initializes both).
 */
export const definition = new ServiceDefinition({
  name: 'gnocchi',
  title: 'Gnocchi (metrics)',
  image: openstackImage({
    packages: ['gnocchi-api'],
    debconfSelections: noDebconfSetup('gnocchi'),
  }),
  entryPoint: EntryPoint.callable('gnocchi.rest.wsgi:application'),
  port: 8041,
  healthPaths: ['/healthcheck', '/'],
  user: 'gnocchi',
  config: {
    path: '/etc/gnocchi/gnocchi.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: { ...COMMON_DEFAULTS, storage: { driver: 'file', file_basepath: STORAGE } },
  },
  database: {
    config: { indexer: { url: Wiring.DATABASE_URL } },
    migrations: [{ argv: ['gnocchi-upgrade'] }],
  },
  identity: {
    catalogType: 'metric',
    description: 'Gnocchi Metric Service',
    config: { api: { auth_mode: 'keystone' }, keystone_authtoken: keystoneAuthtoken() },
  },
  cache: USES_TOKEN_CACHE,
  sharedVolumes: [{ name: 'storage', path: STORAGE, private: true }],
});
