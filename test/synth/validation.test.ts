import { TerraformStack, Testing } from 'cdktf';
import {
  ApiService,
  ConfigFile,
  Database,
  DockerHost,
  Frontend,
  LoadBalancer,
  Secret,
  BuiltinServices,
  Watchdog,
} from '../../lib';
import { base, containers, synthCinder } from '../support/stacks';

describe('bad input fails at synth time with the construct path, the value and the fix', () => {
  it('replicas < 1', () => {
    expect(() => synthCinder({ replicas: 0 })).toThrow(
      '[stack/cinder] replicas=0: must be an integer from 1 to 64; run at least 1 replica',
    );
  });

  it('processes or threads < 1', () => {
    expect(() => synthCinder({ frontend: Frontend.apacheModWsgi({ processes: 0 }) })).toThrow(
      '[stack/cinder] processes=0: must be an integer from 1 to 256; use at least 1 process',
    );
    expect(() => synthCinder({ frontend: Frontend.apacheModWsgi({ threads: 0.5 }) })).toThrow(
      /\[stack\/cinder\] threads=0.5: must be an integer/,
    );
  });

  it('ports out of range', () => {
    expect(() => synthCinder({ publicPort: 70000 })).toThrow(
      '[stack/cinder] publicPort=70000: must be an integer from 1 to 65535',
    );
    expect(() => synthCinder({ frontend: Frontend.apacheModWsgi({ port: 0 }) })).toThrow(
      '[stack/cinder] port=0: must be an integer from 1 to 65535',
    );
  });

  it('two services on one load balancer port', () => {
    expect(() => synthCinder({ publicPort: 5000 })).toThrow(
      '[stack/cinder] port=5000: both keystone and cinder want it on this load balancer; give one of them another publicPort',
    );
  });

  it('a port already published on the host by another container', () => {
    expect(() =>
      Testing.synthScope((s) => {
        const { host, db } = base(s);
        const lb2 = new LoadBalancer(s, 'lb2', { host });
        new ApiService(s, 'cinder', {
          host,
          lb: lb2,
          database: db,
          databasePassword: new Secret(s, 'c'),
          service: BuiltinServices.named('cinder'),
          publicPort: 5000,
        });
      }),
    ).toThrow(
      '[stack/cinder] port=5000: 127.0.0.1:5000 is already published by wsgiform-lb; choose another port',
    );
  });

  it('an unknown built-in service', () => {
    expect(() => BuiltinServices.named('ceilometer')).toThrow(
      `unknown service "ceilometer": wsgiform defines ${BuiltinServices.names().join(', ')}; describe your own with new ServiceDefinition({...})`,
    );
    expect(BuiltinServices.names()).toContain('heat');
    expect(BuiltinServices.named('cinder').port).toBe(8776);
  });

  it('a frontend the service does not support', () => {
    expect(() =>
      Testing.synthScope((s) => {
        const host = new DockerHost(s, 'host');
        new ApiService(s, 'keystone', {
          host,
          lb: new LoadBalancer(s, 'lb', { host }),
          database: new Database(s, 'db', { host }),
          databasePassword: new Secret(s, 'k'),
          service: BuiltinServices.named('keystone'),
          adminPassword: new Secret(s, 'admin'),
          frontend: Frontend.standalone(),
        });
      }),
    ).toThrow(
      '[stack/keystone] frontend=standalone: keystone does not support it (wsgiform knows no standalone server for keystone); choose one of apache-mod-wsgi, apache-proxy-uwsgi, nginx-uwsgi, uwsgi-http',
    );
  });

  it('names Docker or DNS would reject', () => {
    expect(() => Testing.synthScope((s) => new DockerHost(s, 'host', { deploymentName: 'Prod_1' }))).toThrow(
      `[stack/host] deploymentName="Prod_1": Docker and DNS need 1-63 lower-case letters, digits or '-', not starting or ending with '-'`,
    );
    expect(
      () =>
        synthCinder({}) &&
        Testing.synthScope((s) => {
          const { host, lb, db } = base(s);
          new ApiService(s, 'Cinder API', {
            host,
            lb,
            database: db,
            databasePassword: new Secret(s, 'c'),
            service: BuiltinServices.named('cinder'),
            publicPort: 9000,
          });
        }),
    ).toThrow(/\[stack\/Cinder API\] name="wsgiform-Cinder API-1": Docker and DNS need/);
    expect(() => Testing.synthScope((s) => new Secret(s, 'Admin-Password'))).toThrow(
      '[stack/Admin-Password] id="Admin-Password": the id names the Terraform variable (TF_VAR_Admin-Password); use lower-case letters, digits and _',
    );
  });

  it('values carrying a newline, NUL, or a character their syntax cannot hold', () => {
    expect(() =>
      synthCinder({ frontend: Frontend.apacheModWsgi({ serverName: 'api\nInclude /etc/shadow' }) }),
    ).toThrow(
      '[stack/cinder] serverName="api\\nInclude /etc/shadow": contains a newline, which a config line cannot hold; remove it',
    );
    expect(() => synthCinder({ frontend: Frontend.apacheModWsgi({ setEnv: { A: 'x\u0000y' } }) })).toThrow(
      '[stack/cinder] setEnv[A]="x\\u0000y": contains a NUL byte, which a config line cannot hold; remove it',
    );
    expect(() =>
      synthCinder({ frontend: Frontend.apacheModWsgi({ setEnv: { A: '${APACHE_LOG_DIR}' } }) }),
    ).toThrow(
      '[stack/cinder] SetEnv="${APACHE_LOG_DIR}": Apache expands ${...} as a Define variable; remove the "${"',
    );
    expect(() => synthCinder({ config: { DEFAULT: { debug: 'true\n[database]' } } })).toThrow(
      /\[stack\/cinder\] config\[DEFAULT\]\[debug\]=.*newline/,
    );
    expect(() => synthCinder({ config: { 'bad]section': { a: 'b' } } })).toThrow(
      '[stack/cinder] section="bad]section": ini section names are letters, digits and _ . : -',
    );
    expect(() => synthCinder({ healthCheck: { path: '/health check' } })).toThrow(
      `[stack/cinder] healthCheck.path="/health check": use a URL path starting with '/' (RFC 3986 characters only)`,
    );
    expect(() =>
      synthCinder({ frontend: Frontend.apacheModWsgi({ responseHeaders: { 'Bad Header': 'x' } }) }),
    ).toThrow('[stack/cinder] responseHeaders name "Bad Header": not an HTTP header name (RFC 9110 token)');
    expect(() => synthCinder({ extraFiles: [ConfigFile.raw('relative/path', 'x')] })).toThrow(
      /\[stack\/cinder\] extraFiles path="relative\/path": use an absolute path/,
    );
  });

  it('a Terraform token where a literal is needed', () => {
    expect(() =>
      Testing.synthScope((s) => {
        const pw = new Secret(s, 'pw');
        new DockerHost(s, 'host', { deploymentName: pw.variable.stringValue });
      }),
    ).toThrow(/\[stack\/host\] deploymentName=.* is a Terraform token; wsgiform needs the literal value/);
  });

  it('a WSGIDaemonProcess option wsgiform owns', () => {
    expect(() =>
      synthCinder({ frontend: Frontend.apacheModWsgi({ daemonOptions: { threads: '8' } }) }),
    ).toThrow("[stack/cinder] daemonOptions[threads]: set it with the 'threads' prop instead");
  });

  it('identity without a service password', () => {
    expect(() => synthCinder({ servicePassword: undefined })).toThrow(
      /\[stack\/cinder\] servicePassword is missing/,
    );
  });

  it('a healthcheck timeout longer than its interval', () => {
    expect(() => synthCinder({ healthCheck: { intervalSeconds: 5, timeoutSeconds: 10 } })).toThrow(
      '[stack/cinder] healthCheck.timeoutSeconds=10: longer than intervalSeconds=5; probes would overlap, lower the timeout',
    );
  });
});

describe('what the knobs change in the plan', () => {
  it('a changed healthcheck changes the label, so the provider replaces the container', () => {
    const label = (s: string) =>
      containers(s)['wsgiform-cinder-1'].labels.find((l: any) => l.label === 'wsgiform.healthcheck-sha256')
        .value;
    expect(label(synthCinder({ healthCheck: { retries: 5 } }))).not.toBe(label(synthCinder({})));
  });

  it('Standalone Cinder runs cinder-api as the cinder user with its workers option', () => {
    const c = containers(synthCinder({ frontend: Frontend.standalone({ workers: 3 }) }))['wsgiform-cinder-1'];
    const start = c.upload.find((u: any) => u.file === '/usr/local/bin/wsgiform-start').content;
    expect(start).toContain(
      'exec setpriv --reuid=cinder --regid=cinder --init-groups -- /usr/bin/cinder-api --config-file /etc/cinder/cinder.conf\n',
    );
    expect(c.upload.find((u: any) => u.file === '/etc/cinder/cinder.conf').content).toContain(
      'osapi_volume_workers = 3\n',
    );
    expect(c.upload.map((u: any) => u.file)).not.toContain('/etc/wsgiform/apache2.conf');
  });

  it("hands Keystone every .conf file in OS_KEYSTONE_CONFIG_FILES, ';'-separated as oslo.config splits it", () => {
    const s = Testing.synthScope((scope) => {
      const { host, lb, db } = base(scope);
      new ApiService(scope, 'keystone2', {
        host,
        lb,
        database: db,
        databasePassword: new Secret(scope, 'k2'),
        service: BuiltinServices.named('keystone'),
        adminPassword: new Secret(scope, 'admin2'),
        publicPort: 5001,
        extraFiles: [ConfigFile.ini('/etc/keystone/extra.conf', { DEFAULT: { debug: 'true' } })],
      });
    });
    const start = containers(s)['wsgiform-keystone2-1'].upload.find(
      (u: any) => u.file === '/usr/local/bin/wsgiform-start',
    ).content;
    expect(start).toContain(
      "export OS_KEYSTONE_CONFIG_FILES='/etc/keystone/keystone.conf;/etc/keystone/extra.conf'\n",
    );
  });

  it('the watchdog can be turned off', () => {
    const s = Testing.synthScope((scope) => {
      const { host } = base(scope);
      new Watchdog(scope, 'watchdog', { host, enabled: false });
    });
    expect(Object.keys(containers(s))).not.toContain('wsgiform-watchdog');
  });

  it('a load balancer without services is an error', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new LoadBalancer(stack, 'lb', { host: new DockerHost(stack, 'host') });
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[stack\/lb\] has no services: pass it as 'lb' to an ApiService/,
    );
  });
});
