import { FrontendKind } from '../core/frontend-kind';
import type {
  ApacheModWsgiProps,
  ApacheProxyUwsgiProps,
  NginxUwsgiProps,
  StandaloneProps,
  UwsgiHttpProps,
} from '../model/frontend';

/** How an ApiService is served. Choose one with a static factory. */
export class Frontend {
  /** Apache httpd + mod_wsgi in daemon mode, in the service's container. */
  static apacheModWsgi(props: ApacheModWsgiProps = {}): Frontend {
    return new Frontend(FrontendKind.APACHE_MOD_WSGI, props);
  }

  /** Apache mod_proxy_uwsgi in its own container → uWSGI in the app container (devstack). */
  static apacheProxyUwsgi(props: ApacheProxyUwsgiProps = {}): Frontend {
    return new Frontend(FrontendKind.APACHE_PROXY_UWSGI, props);
  }

  /** Nginx in its own container → uWSGI in the app container, over the uwsgi protocol. */
  static nginxUwsgi(props: NginxUwsgiProps = {}): Frontend {
    return new Frontend(FrontendKind.NGINX_UWSGI, props);
  }

  /** uWSGI's own HTTP socket, straight behind HAProxy (openstack-ansible). */
  static uwsgiHttp(props: UwsgiHttpProps = {}): Frontend {
    return new Frontend(FrontendKind.UWSGI_HTTP, props);
  }

  /** The service's own server (Cinder's eventlet `cinder-api`). Keystone has none. */
  static standalone(props: StandaloneProps = {}): Frontend {
    return new Frontend(FrontendKind.STANDALONE, props);
  }

  private constructor(
    readonly kind: FrontendKind,
    /** @internal */ readonly _props: object,
  ) {}
}
