/** The ways an API service can be served. Which ones a service supports is a fact of its module. */
export enum FrontendKind {
  /** Apache httpd with mod_wsgi in daemon mode, in the service's container (kolla, puppet, Chef). */
  APACHE_MOD_WSGI = 'apache-mod-wsgi',
  /** Apache mod_proxy_uwsgi in front of uWSGI (devstack). */
  APACHE_PROXY_UWSGI = 'apache-proxy-uwsgi',
  /** Nginx in front of uWSGI over the uwsgi protocol. */
  NGINX_UWSGI = 'nginx-uwsgi',
  /** uWSGI's own HTTP socket straight behind HAProxy (openstack-ansible). */
  UWSGI_HTTP = 'uwsgi-http',
  /** The service's own console script (eventlet), e.g. `cinder-api`. */
  STANDALONE = 'standalone',
}
