import { Construct } from 'constructs';
import { atPath } from '../core/errors';
import { given, integer, seconds } from '../core/validate';
import { databaseUrl, planDatabase } from '../plan/database';
import type { DatabaseGrant } from '../render/mariadb';
import { sqlName } from '../render/writers/sql';
import type { DockerHost } from '../targets/docker/host';
import type { Secret } from './secret';

export interface DatabaseOptions {
  /** `max_connections`. @default 1000 */
  readonly maxConnections?: number;
  /** Seconds MariaDB gets to shut down cleanly. @default 60 */
  readonly stopGraceSeconds?: number;
}

export interface DatabaseProps extends DatabaseOptions {
  readonly host: DockerHost;
}

/**
 * MariaDB (Debian's package) shared by every replica of the deployment's services. Its data
 * lives in a Docker volume; each ApiService with a database adds its own database and user.
 */
export class Database extends Construct {
  readonly host: DockerHost;
  /** Container name, also the database's DNS name on the deployment network. */
  readonly containerName: string;
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
    // The init file lists every service's grant, so it is planned once all of them are known.
    props.host._atSynth(() =>
      props.host._deploy(
        this,
        'container',
        planDatabase({
          origin: path,
          name: this.containerName,
          volume: `${id}-data`,
          maxConnections,
          stopGraceSeconds,
          grants: this.grants,
        }),
      ),
    );
  }

  /**
   * A database and user named after the service `key` for the service at `path` (with
   * `suffix`: the database `<key>_<suffix>` for the same user), which gets the SQLAlchemy URL
   * back; a name MariaDB refuses is that service's error.
   * @internal
   */
  _addGrant(
    path: string,
    key: string,
    password: Secret,
    characterSet: 'utf8mb4' | 'utf8',
    suffix?: string,
  ): string {
    const name = key.replace(/-/g, '_');
    // An additional database of the service (`nova_cell0`) belongs to the service's user.
    const database = suffix === undefined ? name : `${name}_${suffix}`;
    atPath(path, () => sqlName('database name (from the service id)', database));
    const grant = { database, user: name, password: password.value, characterSet };
    this.grants.push(grant);
    return databaseUrl(this.containerName, grant);
  }
}
