import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  USES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

const CONF = '/etc/cinder/cinder.conf';

/**
 * Cinder's API as Debian bookworm packages it: cinder-api 2:21.3.1 (Zed).
 * Entry points: pbr `wsgi_scripts` (`cinder-wsgi`, which hands `sys.argv[1:]` to oslo.config)
 * and `console_scripts` (`cinder-api`, eventlet) of cinder's setup.cfg. Debian's
 * /etc/cinder/api-paste.ini serves `/healthcheck` with a disable-by-file switch. The cinder
 * user has Debian's reserved UID 64061.
 */
export const definition = new ServiceDefinition({
  name: 'cinder',
  title: 'Cinder (block storage API)',
  image: openstackImage({
    packages: ['cinder-api'],
    debconfSelections: noDebconfSetup('cinder'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/cinder-wsgi'),
  port: 8776,
  healthPaths: ['/healthcheck'],
  healthDisableFile: '/etc/cinder/healthcheck_disable',
  user: 'cinder',
  config: {
    path: CONF,
    delivery: ConfigDelivery.argv(),
    defaults: {
      ...COMMON_DEFAULTS,
      DEFAULT: {
        ...COMMON_DEFAULTS.DEFAULT,
        auth_strategy: 'noauth',
        api_paste_config: '/etc/cinder/api-paste.ini',
        state_path: '/var/lib/cinder',
        osapi_volume_listen_port: '8776',
        osapi_volume_workers: Wiring.WORKERS,
      },
      oslo_concurrency: { lock_path: '/var/lib/cinder/tmp' },
    },
  },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['cinder-manage', '--config-file', CONF, 'db', 'sync'] }],
  },
  identity: {
    catalogType: 'volumev3',
    catalogName: 'cinderv3',
    catalogPath: '/v3/%(project_id)s',
    description: 'Cinder Volume Service V3',
    config: { DEFAULT: { auth_strategy: 'keystone' }, keystone_authtoken: keystoneAuthtoken() },
  },
  // Without a bus the API still answers what needs no cinder-scheduler or cinder-volume.
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  // cinder.cmd.api monkey-patches with eventlet: never point a WSGI server at it.
  standalone: { command: ['/usr/bin/cinder-api'] },
});
