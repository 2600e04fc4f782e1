import { ConfigFile } from '../lib/definition/config-file';
import { EntryPoint, ServiceDefinition, Wiring } from '../lib/definition/service-definition';
import { openstackImage } from './shared/openstack';

const KEY_DIR = '/var/lib/openstack-dashboard/secret-key';
/** Where Debian's /etc/openstack-dashboard/local_settings.py reads SECRET_KEY from. */
const KEY_FILE = `${KEY_DIR}/.secret_key_store`;

/**
 * Horizon's settings for the deployment, as a snippet of local_settings.d: openstack_dashboard's
 * settings.py executes every `*.py` there, sorted, after local_settings.py
 * (openstack_dashboard/settings.py, "allow to drop settings snippets into a
 * local_settings_dir"), so this one, named to sort last, overrides Debian's own snippets, among
 * them _0006_debian_cache.py, which keeps sessions in each process's memory (a user signed in on
 * one replica would be a stranger to the other). settings.py logs and skips a snippet that
 * raises, so the e2e proves these settings by signing in through the load balancer with two
 * replicas. The file holds no deployment value: the values come from the environment, which
 * wsgiform fills from the deployment's wiring.
 */
const SETTINGS = ConfigFile.raw(
  '/etc/openstack-dashboard/local_settings.d/_9000_wsgiform.py',
  [
    "# Rendered by wsgiform: Horizon's settings for this deployment, from the environment.",
    'import os as _os',
    'from urllib.parse import urlsplit as _urlsplit',
    '',
    "OPENSTACK_KEYSTONE_URL = _os.environ['WSGIFORM_IDENTITY_URL'].rstrip('/') + '/v3'",
    '# The services are called at their internal endpoints, on the deployment network.',
    "OPENSTACK_ENDPOINT_TYPE = 'internalURL'",
    '# Sessions live in Memcached, shared by every replica.',
    "SESSION_ENGINE = 'django.contrib.sessions.backends.cache'",
    'CACHES = {',
    "    'default': {",
    "        'BACKEND': 'django.core.cache.backends.memcached.MemcachedCache',",
    "        'LOCATION': _os.environ['WSGIFORM_MEMCACHED_SERVERS'].split(','),",
    '    },',
    '}',
    '# The public and internal URLs name the hosts clients use; the container checks itself on 127.0.0.1.',
    'ALLOWED_HOSTS = sorted(',
    "    {_urlsplit(u).hostname for u in _os.environ['WSGIFORM_URLS'].split()} | {'127.0.0.1', 'localhost'}",
    ')',
    "# HAProxy drops a client's X-Forwarded-Proto and sets it to https where it terminates TLS.",
    "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')",
    '# The static files Debian collected and compressed at install, served by the app itself.',
    "MIDDLEWARE = ('whitenoise.middleware.WhiteNoiseMiddleware',) + tuple(MIDDLEWARE)  # noqa: F821",
    '',
  ].join('\n'),
  0o644,
);

/**
 * Horizon (the OpenStack dashboard, a Django app) as Debian bookworm packages it:
 * openstack-dashboard 3:23.0.0 (Zed). Entry point /usr/share/openstack-dashboard/wsgi.py
 * (`DJANGO_SETTINGS_MODULE=openstack_dashboard.settings`), run as www-data like Debian's
 * openstack-dashboard-apache does; that package, which would add an Apache of its own, is not
 * installed. Debian's /etc/openstack-dashboard/local_settings.py stays as it is; wsgiform adds a
 * settings snippet (above) that points Horizon at the deployment's Keystone, keeps sessions in
 * its Memcached (so the cache is required) and serves the static files Debian's postinst
 * collected and compressed offline (WEBROOT `/`) with WhiteNoise (python3-whitenoise), so every
 * frontend serves them the same way. SECRET_KEY is Debian's: read from a file the bootstrap job
 * creates once per deployment (horizon.utils.secret_key, mode 0600) on a volume the replicas
 * share, so a session signed by one replica is valid on the other. Horizon registers nothing in
 * the catalog: users sign in at Keystone through it (`identityLogin`). Port 80; health path
 * `/auth/login/` (the sign-in form, 200 without a session; measured). There is no standalone
 * server (Django's runserver is for development).
 */
export const definition = new ServiceDefinition({
  name: 'horizon',
  title: 'Horizon (dashboard)',
  image: openstackImage({ packages: ['openstack-dashboard', 'python3-whitenoise'] }),
  entryPoint: EntryPoint.script('/usr/share/openstack-dashboard/wsgi.py'),
  port: 80,
  healthPaths: ['/auth/login/'],
  user: 'www-data',
  files: [SETTINGS],
  environment: {
    WSGIFORM_IDENTITY_URL: Wiring.IDENTITY_INTERNAL_URL,
    WSGIFORM_MEMCACHED_SERVERS: Wiring.MEMCACHED_SERVERS,
    WSGIFORM_URLS: `${Wiring.PUBLIC_URL} ${Wiring.INTERNAL_URL}`,
  },
  identityLogin: {},
  cache: { required: true },
  sharedVolumes: [{ name: 'secret-key', path: KEY_DIR, private: true }],
  bootstrap: [
    {
      argv: [
        'python3',
        '-c',
        `from horizon.utils import secret_key; secret_key.generate_or_read_from_file(${JSON.stringify(KEY_FILE)})`,
      ],
    },
  ],
});
