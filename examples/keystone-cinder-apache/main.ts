// Keystone and Cinder, two replicas each, under Apache mod_wsgi behind one HAProxy, with the
// watchdog and a shared MariaDB. `npm run synth` synthesizes it into cdktf.out/.
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  ApiService,
  Database,
  DockerHost,
  Frontend,
  ImageSource,
  LoadBalancer,
  Secret,
  ServiceModule,
  Watchdog,
} from '../../lib';

export interface ControlPlaneOptions {
  /** Base image of wsgiform's Dockerfiles; tests use a locally imported Debian. */
  readonly baseImage?: string;
  readonly deploymentName?: string;
  readonly keystonePort?: number;
  readonly cinderPort?: number;
  /** Frontend of Keystone; the e2e lane runs the same plane under every frontend. @default Apache mod_wsgi */
  readonly keystoneFrontend?: Frontend;
  /** Frontend of Cinder. @default Apache mod_wsgi */
  readonly cinderFrontend?: Frontend;
}

export class KeystoneCinderApache extends TerraformStack {
  readonly keystone: ApiService;
  readonly cinder: ApiService;

  constructor(scope: Construct, id: string, opts: ControlPlaneOptions = {}) {
    super(scope, id);
    const host = new DockerHost(this, 'host', {
      deploymentName: opts.deploymentName ?? 'wsgiform',
      images: ImageSource.fromDockerfiles({ baseImage: opts.baseImage ?? 'debian:bookworm-slim' }),
    });
    const lb = new LoadBalancer(this, 'lb', { host });
    const db = new Database(this, 'db', { host });
    const secret = (name: string, what: string) => new Secret(this, name, { description: what });

    this.keystone = new ApiService(this, 'keystone', {
      host,
      lb,
      database: db,
      databasePassword: secret('keystone_db_password', 'Keystone database password'),
      module: ServiceModule.keystone({ adminPassword: secret('admin_password', 'Keystone admin password') }),
      replicas: 2,
      publicPort: opts.keystonePort,
      frontend: opts.keystoneFrontend ?? Frontend.apacheModWsgi({ processes: 2 }),
    });

    this.cinder = new ApiService(this, 'cinder', {
      host,
      lb,
      database: db,
      databasePassword: secret('cinder_db_password', 'Cinder database password'),
      module: ServiceModule.cinder(),
      identity: this.keystone,
      servicePassword: secret('cinder_service_password', 'Password of the cinder user in Keystone'),
      replicas: 2,
      publicPort: opts.cinderPort,
      frontend: opts.cinderFrontend ?? Frontend.apacheModWsgi({ processes: 2 }),
      // No message bus in this example: the API answers everything that needs no
      // cinder-scheduler/cinder-volume (volume types, quotas, limits).
      config: { DEFAULT: { transport_url: 'fake://' } },
    });

    new Watchdog(this, 'watchdog', { host });

    new TerraformOutput(this, 'keystone_url', { value: `${this.keystone.publicUrl}/v3` });
    new TerraformOutput(this, 'cinder_url', { value: this.cinder.publicUrl });
  }
}

if (require.main === module) {
  const app = new App();
  new KeystoneCinderApache(app, 'keystone-cinder-apache', { baseImage: process.env.WSGIFORM_BASE_IMAGE });
  app.synth();
}
