import { CONF_DIR, type RenderedFile } from '../core/layout';
import { RenderError } from '../core/errors';
import { sqlName, sqlString } from './writers/sql';

export interface DatabaseGrant {
  readonly database: string;
  readonly user: string;
  /** Secret marker. */
  readonly password: string;
  /** The database's character set: `utf8mb4`, or `utf8` (utf8mb3) for schemas that convert to it. */
  readonly characterSet: 'utf8mb4' | 'utf8';
}

export interface MariaDbModel {
  readonly origin: string;
  readonly port: number;
  readonly maxConnections: number;
  readonly grants: readonly DatabaseGrant[];
}

export const MARIADB_CONF = `${CONF_DIR}/my.cnf`;
export const MARIADB_INIT = `${CONF_DIR}/init.sql`;
export const MARIADB_DATADIR = '/var/lib/mysql';

/** An option-file value we write ourselves: paths, numbers and words only. */
function option(name: string, value: string): string {
  if (!/^[A-Za-z0-9_./-]+$/.test(value))
    throw new RenderError(name, value, 'MariaDB options here are paths, numbers or words');
  return `${name} = ${value}`;
}

/**
 * my.cnf and the init file MariaDB runs at every start (`init-file`), which creates each
 * service's database and user and (re)sets its password — idempotent, so a changed secret
 * takes effect on the next start.
 */
export function renderMariaDb(m: MariaDbModel): RenderedFile[] {
  const cnf = [
    `# Rendered by wsgiform for ${m.origin}. Do not edit: change the construct's props.`,
    '[mysqld]',
    option('user', 'mysql'),
    option('datadir', MARIADB_DATADIR),
    option('socket', '/run/mysqld/mysqld.sock'),
    option('bind-address', '0.0.0.0'),
    option('port', String(m.port)),
    option('max_connections', String(m.maxConnections)),
    option('character-set-server', 'utf8mb4'),
    option('collation-server', 'utf8mb4_general_ci'),
    option('init-file', MARIADB_INIT),
    'skip-name-resolve',
    '',
    '[client]',
    option('socket', '/run/mysqld/mysqld.sock'),
    '',
  ].join('\n');
  // MariaDB reads init-file one statement per line.
  const sql = m.grants.flatMap((g) => {
    const db = sqlName('database', g.database);
    const user = `${sqlString('user', g.user)}@'%'`;
    const pw = sqlString('password', g.password);
    return [
      `CREATE DATABASE IF NOT EXISTS ${db} CHARACTER SET ${g.characterSet};`,
      `CREATE USER IF NOT EXISTS ${user} IDENTIFIED BY ${pw};`,
      `ALTER USER ${user} IDENTIFIED BY ${pw};`,
      `GRANT ALL PRIVILEGES ON ${db}.* TO ${user};`,
    ];
  });
  return [
    { path: MARIADB_CONF, content: cnf, mode: 0o644 },
    { path: MARIADB_INIT, content: sql.join('\n') + '\n', mode: 0o640, group: 'mysql' },
  ];
}
