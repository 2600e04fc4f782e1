// Pure planner of the MariaDB container from the grants of every service that uses it.
import { atPath } from '../core/errors';
import { bundledImage } from '../core/image';
import { START_SCRIPT } from '../core/layout';
import { MARIADB_CONF, MARIADB_DATADIR, renderMariaDb, type DatabaseGrant } from '../render/mariadb';
import { renderStartScript } from '../render/start-script';
import { LABELS, healthcheckHash, type ContainerSpec, type HealthcheckSpec } from './container-spec';

export const DATABASE_PORT = 3306;

export interface DatabasePlanInput {
  readonly origin: string;
  readonly name: string;
  /** Key of the data volume. */
  readonly volume: string;
  readonly maxConnections: number;
  readonly stopGraceSeconds: number;
  readonly grants: readonly DatabaseGrant[];
}

export function planDatabase(m: DatabasePlanInput): ContainerSpec {
  const healthcheck: HealthcheckSpec = {
    // `ping` answers 0 while the server accepts connections, whatever the credentials.
    test: ['CMD', 'mariadb-admin', '--socket=/run/mysqld/mysqld.sock', 'ping', '--silent'],
    intervalSeconds: 5,
    timeoutSeconds: 5,
    retries: 6,
    startPeriodSeconds: 30,
  };
  const files = atPath(m.origin, () =>
    renderMariaDb({
      origin: m.origin,
      port: DATABASE_PORT,
      maxConnections: m.maxConnections,
      grants: m.grants,
    }),
  );
  const start = renderStartScript({
    origin: m.origin,
    files,
    staleFiles: [],
    env: {},
    prepare: [
      ['mkdir', '-p', '/run/mysqld'],
      ['chown', 'mysql:mysql', '/run/mysqld', MARIADB_DATADIR],
    ],
    initialize: {
      unless: `${MARIADB_DATADIR}/mysql`,
      argv: [
        'mariadb-install-db',
        `--defaults-file=${MARIADB_CONF}`,
        '--user=mysql',
        `--datadir=${MARIADB_DATADIR}`,
        '--skip-test-db',
        '--auth-root-authentication-method=socket',
      ],
    },
    exec: ['/usr/sbin/mariadbd', `--defaults-file=${MARIADB_CONF}`],
  });
  return {
    name: m.name,
    image: bundledImage('mariadb'),
    command: [START_SCRIPT],
    env: {},
    files: [...files, start],
    ports: [],
    healthcheck,
    restart: 'unless-stopped',
    labels: {
      [LABELS.role]: 'database',
      [LABELS.service]: 'mariadb',
      [LABELS.watchdog]: 'enabled',
      [LABELS.healthcheckHash]: healthcheckHash(healthcheck),
    },
    aliases: [],
    volumes: [{ volume: m.volume, path: MARIADB_DATADIR, readOnly: false }],
    binds: [],
    stopGraceSeconds: m.stopGraceSeconds,
    oneShot: false,
    waitHealthySeconds: 120,
    dependsOn: [],
  };
}

/** SQLAlchemy URL (PyMySQL driver) of a service's database on the deployment network. */
export function databaseUrl(host: string, g: DatabaseGrant): string {
  return `mysql+pymysql://${g.user}:${g.password}@${host}:${DATABASE_PORT}/${g.database}`;
}
