// A WSGI app that is not OpenStack, defined only through wsgiform's public API: a small Flask
// app from Debian's python3-flask, no database, no Keystone. Its source is one file the
// definition writes into the container.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  ApiService,
  ConfigFile,
  ControlPlane,
  EntryPoint,
  Frontend,
  ImageSource,
  ServiceDefinition,
  ServiceImage,
} from '../../lib';

export const HELLO_SOURCE = `import os
import socket

from flask import Flask, jsonify

application = Flask(__name__)


@application.get("/")
def index():
    return jsonify(app="hello", host=socket.gethostname(), greeting=os.environ.get("HELLO_GREETING", ""))


@application.get("/healthz")
def healthz():
    return "ok\\n"
`;

/** The Flask app as a service definition. */
export function helloDefinition(): ServiceDefinition {
  return new ServiceDefinition({
    name: 'hello',
    title: 'Hello (Flask)',
    image: ServiceImage.debianPackages({ packages: ['python3-flask'] }),
    entryPoint: EntryPoint.script('/srv/hello/hello.py'),
    port: 8080,
    healthPaths: ['/healthz', '/'],
    user: 'www-data',
    files: [ConfigFile.raw('/srv/hello/hello.py', HELLO_SOURCE, 0o644)],
    environment: { HELLO_GREETING: 'hi' },
  });
}

/** One service per frontend, each a separate ApiService of the same definition. */
export const HELLO_FRONTENDS = {
  'hello-wsgi': Frontend.apacheModWsgi(),
  'hello-nginx': Frontend.nginxUwsgi(),
  'hello-uwsgi': Frontend.uwsgiHttp(),
} as const;

export interface HelloOptions {
  readonly baseImage?: string;
  readonly deploymentName?: string;
  /** Published port of the first service; the others follow. */
  readonly firstPort?: number;
}

/** A control plane with the Flask app under Apache mod_wsgi, Nginx → uWSGI and uWSGI http. */
export class HelloPlane extends TerraformStack {
  readonly services: Record<string, ApiService> = {};

  constructor(scope: Construct, id: string, opts: HelloOptions = {}) {
    super(scope, id);
    const plane = new ControlPlane(this, 'plane', {
      host: {
        deploymentName: opts.deploymentName ?? 'hello',
        images: ImageSource.fromDockerfiles({ baseImage: opts.baseImage ?? 'debian:bookworm-slim' }),
      },
    });
    const definition = helloDefinition();
    Object.entries(HELLO_FRONTENDS).forEach(([name, frontend], i) => {
      this.services[name] = plane.addService(name, {
        service: definition,
        frontend,
        replicas: 2,
        publicPort: (opts.firstPort ?? 18080) + i,
      });
    });
  }
}
