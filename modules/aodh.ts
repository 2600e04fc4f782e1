import { ConfigDelivery, EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import {
  COMMON_DEFAULTS,
  keystoneAuthtoken,
  noDebconfSetup,
  openstackImage,
  osloDatabase,
  serviceUserAuth,
  USES_MESSAGE_BUS,
  USES_TOKEN_CACHE,
} from './shared/openstack';

/**
 * Aodh (alarming) as Debian bookworm packages it: aodh-api 15.0.0 (Zed).
 * Entry point: Debian's /usr/share/aodh-common/app.wsgi (`application =
 * app.build_wsgi_app(argv=[])`), the file Debian's own uWSGI ini serves; config from the default
 * path /etc/aodh/aodh.conf, paste from /etc/aodh/api-paste.ini (installed by aodh-common). Port
 * 8042 is Debian's (aodh has no port option). `/healthcheck` is oslo.middleware's app without
 * back ends (always 200) and `/` the version document (200). Listing alarms needs only the
 * database: aodh-evaluator, -notifier and -listener are not involved.
 */
export const definition = new ServiceDefinition({
  name: 'aodh',
  title: 'Aodh (alarming)',
  image: openstackImage({
    packages: ['aodh-api'],
    debconfSelections: noDebconfSetup('aodh'),
  }),
  entryPoint: EntryPoint.script('/usr/share/aodh-common/app.wsgi'),
  port: 8042,
  healthPaths: ['/healthcheck', '/'],
  user: 'aodh',
  config: { path: '/etc/aodh/aodh.conf', delivery: ConfigDelivery.defaultPath(), defaults: COMMON_DEFAULTS },
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['aodh-dbsync'] }],
  },
  identity: {
    catalogType: 'alarming',
    description: 'Aodh Alarming Service',
    config: {
      keystone_authtoken: keystoneAuthtoken(),
      // The service user aodh's evaluator would use; the API itself only validates tokens.
      service_credentials: { ...serviceUserAuth(), region_name: Wiring.REGION, interface: 'internalURL' },
    },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
});
