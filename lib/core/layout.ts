/** One file a renderer produced, to be put into a container before it starts. */
export interface RenderedFile {
  /** Absolute path in the container. */
  readonly path: string;
  readonly content: string;
  /** Unix mode, e.g. 0o644. */
  readonly mode: number;
  /**
   * Group that must be able to read the file. Uploaded files are root-owned; the container's
   * start script hands the file to this group so secrets can stay 0640.
   */
  readonly group?: string;
}

/** User-Agent of wsgiform's own probes, so the web tier can keep them out of access logs. */
export const PROBE_USER_AGENTS = {
  docker: 'wsgiform-healthcheck',
  haproxy: 'wsgiform-haproxy-check',
} as const;

export const RUN_DIR = '/run/wsgiform';
export const CONF_DIR = '/etc/wsgiform';
export const START_SCRIPT = '/usr/local/bin/wsgiform-start';
