// Pure planners of the shared back ends services talk to: RabbitMQ (oslo.messaging) and
// Memcached (keystonemiddleware's token cache, oslo.cache).
import { atPath } from '../core/errors';
import { bundledImage } from '../core/image';
import { START_SCRIPT } from '../core/layout';
import { RABBITMQ_CONF, RABBITMQ_PORT, RABBITMQ_USER, renderRabbitMq } from '../render/rabbitmq';
import { asUser, renderStartScript } from '../render/start-script';
import { LABELS, healthcheckHash, type ContainerSpec, type HealthcheckSpec } from './container-spec';

export const MEMCACHED_PORT = 11211;
const RABBITMQ_HOME = '/var/lib/rabbitmq';
const RABBITMQ_DATA = `${RABBITMQ_HOME}/mnesia`;

/**
 * A protocol check in the container itself: `bash` sends `send` (printf escapes) to the port and
 * the first `bytes` of the answer, as hex, must be `hex`.
 */
function speaks(port: number, send: string, bytes: number, hex: string): HealthcheckSpec {
  return {
    test: [
      'CMD',
      'bash',
      '-c',
      `exec 3<>/dev/tcp/127.0.0.1/${port} && printf '${send}' >&3 && [ "$(timeout 4 head -c ${bytes} <&3 | od -An -tx1 | tr -d ' \\n')" = ${hex} ]`,
    ],
    intervalSeconds: 10,
    timeoutSeconds: 5,
    retries: 3,
    startPeriodSeconds: 30,
  };
}

function shared(role: string, service: string, healthcheck: HealthcheckSpec) {
  return {
    labels: {
      [LABELS.role]: role,
      [LABELS.service]: service,
      [LABELS.watchdog]: 'enabled',
      [LABELS.healthcheckHash]: healthcheckHash(healthcheck),
    },
    healthcheck,
    restart: 'unless-stopped' as const,
    aliases: [],
    binds: [],
    ports: [],
    env: {},
    oneShot: false,
    dependsOn: [],
  };
}

export interface MessageBusPlanInput {
  readonly origin: string;
  readonly name: string;
  /** Key of the data volume. */
  readonly volume: string;
  /** Secret marker. */
  readonly password: string;
  readonly memoryHighWatermarkPercent: number;
  readonly stopGraceSeconds: number;
}

export function planMessageBus(m: MessageBusPlanInput): ContainerSpec {
  const conf = atPath(m.origin, () =>
    renderRabbitMq({
      origin: m.origin,
      password: m.password,
      memoryHighWatermarkPercent: m.memoryHighWatermarkPercent,
    }),
  );
  const start = renderStartScript({
    origin: m.origin,
    files: [conf],
    staleFiles: [],
    prepare: [['chown', 'rabbitmq:rabbitmq', RABBITMQ_DATA]],
    env: {
      HOME: RABBITMQ_HOME,
      // A fixed node name: the data directory is named after it and outlives the container.
      RABBITMQ_NODENAME: 'rabbit@localhost',
      RABBITMQ_CONFIG_FILE: RABBITMQ_CONF,
      RABBITMQ_MNESIA_BASE: RABBITMQ_DATA,
      RABBITMQ_LOGS: '-',
    },
    exec: asUser('rabbitmq', 'rabbitmq', ['/usr/lib/rabbitmq/bin/rabbitmq-server']),
  });
  return {
    name: m.name,
    image: bundledImage('rabbitmq'),
    command: [START_SCRIPT],
    files: [conf, start],
    volumes: [{ volume: m.volume, path: RABBITMQ_DATA, readOnly: false }],
    stopGraceSeconds: m.stopGraceSeconds,
    waitHealthySeconds: 120,
    // AMQP 0-9-1: the protocol header, answered with a method frame (type 1, Connection.Start).
    ...shared('message-bus', 'rabbitmq', speaks(RABBITMQ_PORT, 'AMQP\\0\\0\\11\\1', 1, '01')),
  };
}

/** oslo.messaging's URL for the deployment's bus. */
export function transportUrl(host: string, password: string): string {
  return `rabbit://${RABBITMQ_USER}:${password}@${host}:${RABBITMQ_PORT}/`;
}

export interface CachePlanInput {
  readonly origin: string;
  readonly name: string;
  readonly memoryMegabytes: number;
  readonly maxConnections: number;
}

export function planCache(m: CachePlanInput): ContainerSpec {
  const start = renderStartScript({
    origin: m.origin,
    files: [],
    staleFiles: [],
    env: {},
    exec: [
      '/usr/bin/memcached',
      '-u',
      'memcache',
      '-l',
      '0.0.0.0',
      '-p',
      String(MEMCACHED_PORT),
      '-m',
      String(m.memoryMegabytes),
      '-c',
      String(m.maxConnections),
    ],
  });
  return {
    name: m.name,
    image: bundledImage('memcached'),
    command: [START_SCRIPT],
    files: [start],
    volumes: [],
    stopGraceSeconds: 10,
    waitHealthySeconds: 60,
    // `version` is answered with `VERSION <n>`.
    ...shared('cache', 'memcached', speaks(MEMCACHED_PORT, 'version\\r\\n', 7, '56455253494f4e')),
  };
}
