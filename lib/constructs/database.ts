import { container } from '@cdktf/provider-docker';
import { Construct } from 'constructs';
import { atPath } from '../model/errors';
import { given, integer, seconds } from '../model/validate';
import { START_SCRIPT } from '../render/file';
import { MARIADB_CONF, MARIADB_DATADIR, renderMariaDb, type DatabaseGrant } from '../render/mariadb';
import { renderStartScript } from '../render/start-script';
import { LABELS, healthcheckHash, type HealthcheckSpec } from '../spec/container-spec';
import type { DockerHost } from '../targets/docker-host';

export interface DatabaseProps {
  readonly host: DockerHost;
  /** `max_connections`. @default 1000 */
  readonly maxConnections?: number;
  /** Seconds MariaDB gets to shut down cleanly. @default 60 */
  readonly stopGraceSeconds?: number;
}

/**
 * MariaDB (Debian's package) shared by every replica of the deployment's services. Its data
 * lives in a Docker volume; each ApiService adds its own database and user.
 */
export class Database extends Construct {
  static readonly PORT = 3306;
  readonly host: DockerHost;
  /** Container name, also the database's DNS name on the deployment network. */
  readonly containerName: string;
  readonly container: container.Container;
  private readonly grants: DatabaseGrant[] = [];

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const path = this.node.path;
    this.host = props.host;
    this.containerName = props.host.objectName(path, id);
    const maxConnections = integer(
      path,
      'maxConnections',
      given(props.maxConnections, 1000),
      10,
      100_000,
      'use 10 to 100000',
    );
    const stopGraceSeconds = seconds(path, 'stopGraceSeconds', props.stopGraceSeconds, 60);
    const healthcheck: HealthcheckSpec = {
      // `ping` answers 0 while the server accepts connections, whatever the credentials.
      test: ['CMD', 'mariadb-admin', '--socket=/run/mysqld/mysqld.sock', 'ping', '--silent'],
      intervalSeconds: 5,
      timeoutSeconds: 5,
      retries: 6,
      startPeriodSeconds: 30,
    };
    const files = () =>
      atPath(path, () =>
        renderMariaDb({ origin: path, port: Database.PORT, maxConnections, grants: this.grants }),
      );
    const start = () =>
      renderStartScript({
        origin: path,
        files: files(),
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
    this.container = props.host._addContainer(
      this,
      'container',
      {
        name: this.containerName,
        image: 'mariadb',
        command: [START_SCRIPT],
        env: {},
        files: [],
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
        volumes: [{ volume: `${id}-data`, path: MARIADB_DATADIR, readOnly: false }],
        binds: [],
        stopGraceSeconds,
        oneShot: false,
        waitHealthySeconds: 120,
      },
      [],
      { files: () => [...files(), start()] },
    );
  }

  /**
   * A database and its user for one service; the user's password is set at every start.
   * @internal
   */
  _addGrant(grant: DatabaseGrant): void {
    this.grants.push(grant);
  }

  /**
   * SQLAlchemy URL (PyMySQL driver) for a service's database.
   * @internal
   */
  _url(grant: DatabaseGrant): string {
    return `mysql+pymysql://${grant.user}:${grant.password}@${this.containerName}:${Database.PORT}/${grant.database}`;
  }
}
