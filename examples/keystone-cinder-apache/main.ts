// Keystone and Cinder, two replicas each, under Apache mod_wsgi behind one HAProxy, with the
// watchdog and a shared MariaDB. `npm run synth` synthesizes it into cdktf.out/.
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BuiltinServices, ControlPlane, Frontend, ImageSource, Secret } from '../../lib';

export class KeystoneCinderApache extends TerraformStack {
  constructor(scope: Construct, id: string, baseImage = 'debian:bookworm-slim') {
    super(scope, id);
    const plane = new ControlPlane(this, 'plane', {
      host: { images: ImageSource.fromDockerfiles({ baseImage }) },
    });
    const secret = (name: string, what: string) => new Secret(this, name, { description: what });

    const keystone = plane.addService('keystone', {
      service: BuiltinServices.named('keystone'),
      adminPassword: secret('admin_password', 'Keystone admin password'),
      databasePassword: secret('keystone_db_password', 'Keystone database password'),
      replicas: 2,
      frontend: Frontend.apacheModWsgi({ processes: 2 }),
    });

    const cinder = plane.addService('cinder', {
      service: BuiltinServices.named('cinder'),
      databasePassword: secret('cinder_db_password', 'Cinder database password'),
      identity: keystone,
      servicePassword: secret('cinder_service_password', 'Password of the cinder user in Keystone'),
      replicas: 2,
      frontend: Frontend.apacheModWsgi({ processes: 2 }),
      // No message bus in this example: the API answers everything that needs no
      // cinder-scheduler/cinder-volume (volume types, quotas, limits).
      config: { DEFAULT: { transport_url: 'fake://' } },
    });

    new TerraformOutput(this, 'keystone_url', { value: `${keystone.publicUrl}/v3` });
    new TerraformOutput(this, 'cinder_url', { value: cinder.publicUrl });
  }
}

if (require.main === module) {
  const app = new App();
  new KeystoneCinderApache(app, 'keystone-cinder-apache', process.env.WSGIFORM_BASE_IMAGE);
  app.synth();
}
