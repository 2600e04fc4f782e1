import { FrontendKind } from '../../modules/module';
import type { ApacheModWsgiProps, StandaloneProps } from '../model/frontend';

/** How an ApiService is served. Choose one with a static factory. */
export class Frontend {
  /** Apache httpd + mod_wsgi in daemon mode, in the service's container. */
  static apacheModWsgi(props: ApacheModWsgiProps = {}): Frontend {
    return new Frontend(FrontendKind.APACHE_MOD_WSGI, props, undefined);
  }

  /** The service's own server (Cinder's eventlet `cinder-api`). Keystone has none. */
  static standalone(props: StandaloneProps = {}): Frontend {
    return new Frontend(FrontendKind.STANDALONE, undefined, props);
  }

  private constructor(
    readonly kind: FrontendKind,
    /** @internal */ readonly _modWsgi: ApacheModWsgiProps | undefined,
    /** @internal */ readonly _standalone: StandaloneProps | undefined,
  ) {}
}
