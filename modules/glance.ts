import { FrontendKind } from '../lib/core/frontend-kind';
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

const IMAGES = '/var/lib/glance/images';

/**
 * Glance (image service) as Debian bookworm packages it: glance-api 2:25.1.0 (Zed).
 * Debian runs the eventlet server `glance-api` and not uWSGI ("Glance appears broken with
 * uwsgi", its init script), and image uploads are chunked request bodies, which
 * mod_proxy_uwsgi, nginx's uwsgi_pass and uWSGI's http-socket lose (devstack serves Glance
 * through mod_proxy_http for that reason, uWSGI issue #1540): `Frontend.standalone()` is the
 * frontend that uploads work under. The WSGI entry point `glance-wsgi-api` reads only
 * `OS_GLANCE_CONFIG_DIR` (a directory), so the config goes to the default path
 * /etc/glance/glance-api.conf, which the eventlet server reads too (oslo.config's default files
 * for prog glance-api), with the paste file /etc/glance/glance-api-paste.ini next to it. Port
 * 9292. oslo.middleware's healthcheck filter comes first in every pipeline (`/healthcheck`,
 * 200). Without `[paste_deploy] flavor = keystone` the pipeline has no token check at all;
 * wsgiform sets it with the identity service. Images are stored in files on a volume
 * (`[glance_store]` file store, /var/lib/glance/images), owned by glance (uid 64062, which
 * Debian reserves).
 */
export const definition = new ServiceDefinition({
  name: 'glance',
  title: 'Glance (image service)',
  image: openstackImage({
    packages: ['glance-api'],
    uid: 64062,
    debconfSelections: noDebconfSetup('glance'),
  }),
  entryPoint: EntryPoint.script('/usr/bin/glance-wsgi-api'),
  port: 9292,
  healthPaths: ['/healthcheck'],
  healthDisableFile: '/etc/glance/healthcheck_disable',
  user: 'glance',
  frontends: [
    FrontendKind.UWSGI_HTTP,
    FrontendKind.NGINX_UWSGI,
    FrontendKind.APACHE_PROXY_UWSGI,
    FrontendKind.STANDALONE,
  ],
  config: {
    path: '/etc/glance/glance-api.conf',
    delivery: ConfigDelivery.defaultPath(),
    defaults: {
      ...COMMON_DEFAULTS,
      DEFAULT: { ...COMMON_DEFAULTS.DEFAULT, bind_port: '9292', workers: Wiring.WORKERS },
      glance_store: {
        stores: 'file,http',
        default_store: 'file',
        filesystem_store_datadir: IMAGES,
      },
    },
  },
  chunkedUploads: true,
  sharedVolumes: [{ name: 'images', path: IMAGES, private: true }],
  database: {
    config: osloDatabase(),
    migrations: [{ argv: ['glance-manage', 'db_sync'] }],
  },
  identity: {
    catalogType: 'image',
    description: 'Glance Image Service',
    config: { keystone_authtoken: keystoneAuthtoken(), paste_deploy: { flavor: 'keystone' } },
  },
  messaging: USES_MESSAGE_BUS,
  cache: USES_TOKEN_CACHE,
  standalone: { command: ['/usr/bin/glance-api'] },
});
