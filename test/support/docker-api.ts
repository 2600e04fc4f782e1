// A tiny Docker Engine API client over the unix socket, for the test-only applier.
// No dependencies: node's http with socketPath. API version is pinned to what the
// Go client in provider 3.6.2 negotiates with this engine (1.41).
import * as http from 'http';

export class DockerApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly apiMessage: string,
  ) {
    super(`docker API ${method} ${path} -> ${status}: ${apiMessage}`);
    this.name = 'DockerApiError';
  }
}

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | string[] | undefined>;
  /** Buffer is sent as-is (set contentType), anything else as JSON. */
  readonly body?: Buffer | object;
  readonly contentType?: string;
  /** Abort the request after this many ms (default: none). */
  readonly timeoutMs?: number;
  /** Called with each chunk of the response body (for streams). */
  readonly onData?: (chunk: Buffer) => void;
}

export interface Response {
  readonly status: number;
  readonly body: Buffer;
}

export function buildQuery(query: RequestOptions['query']): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v : [String(v)];
    for (const one of values) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(one)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

export class DockerClient {
  constructor(
    readonly socketPath: string = '/var/run/docker.sock',
    readonly apiVersion: string = '1.41',
  ) {}

  /** Raw request; never throws on HTTP status, only on transport errors/timeouts. */
  request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const fullPath = `/v${this.apiVersion}${path}${buildQuery(opts.query)}`;
    let payload: Buffer | undefined;
    const headers: Record<string, string> = {};
    if (opts.body !== undefined) {
      if (Buffer.isBuffer(opts.body)) {
        payload = opts.body;
        headers['Content-Type'] = opts.contentType ?? 'application/octet-stream';
      } else {
        payload = Buffer.from(JSON.stringify(opts.body));
        headers['Content-Type'] = 'application/json';
      }
      headers['Content-Length'] = String(payload.length);
    }
    return new Promise<Response>((resolve, reject) => {
      const req = http.request({ socketPath: this.socketPath, method, path: fullPath, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          if (opts.onData) opts.onData(c);
        });
        res.on('end', () => {
          clearTimer();
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
        });
        res.on('error', (e) => {
          clearTimer();
          reject(e);
        });
      });
      let timer: NodeJS.Timeout | undefined;
      const clearTimer = (): void => {
        if (timer) clearTimeout(timer);
      };
      if (opts.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          req.destroy(new Error(`docker API ${method} ${path} timed out after ${opts.timeoutMs} ms`));
        }, opts.timeoutMs);
      }
      req.on('error', (e) => {
        clearTimer();
        reject(e);
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Request and parse JSON; throws DockerApiError for status >= 400. */
  async call<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    if (res.status >= 400) throw new DockerApiError(res.status, method, path, errorMessage(res.body));
    const text = res.body.toString('utf8');
    if (!text.trim()) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as unknown as T;
    }
  }

  /** Like call, but returns undefined on 404. */
  async callOrUndefined<T = unknown>(
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<T | undefined> {
    try {
      return await this.call<T>(method, path, opts);
    } catch (e) {
      if (e instanceof DockerApiError && e.status === 404) return undefined;
      throw e;
    }
  }
}

function errorMessage(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { message?: string };
    if (parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return text.trim();
}
