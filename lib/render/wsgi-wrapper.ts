import type { RenderedFile } from '../core/layout';
import { pythonString } from './writers/python';

export const WRAPPER_DIR = '/usr/local/lib/wsgiform';

/** What the wrapper runs: a WSGI script file, or an importable `module:callable`. */
export interface WrappedApp {
  readonly service: string;
  readonly script?: string;
  readonly callable?: string;
  /** Config files to put into `sys.argv` (apps that hand argv to oslo.config, like Cinder). */
  readonly argvConfigFiles: readonly string[];
}

/**
 * mod_wsgi needs a script file and passes no argv. This wrapper sets `sys.argv` to the rendered
 * config files where the app parses them (Cinder's WSGI script hands `sys.argv[1:]` to
 * oslo.config), then runs the service's script, or imports its callable, as `application`.
 */
export function renderWsgiWrapper(app: WrappedApp): RenderedFile {
  const program = app.script ?? app.service;
  const argv = [program, ...app.argvConfigFiles.flatMap((f) => ['--config-file', f])];
  const lines = [
    `# Rendered by wsgiform: serves ${app.script ?? app.callable} under mod_wsgi.`,
    'import sys',
    '',
  ];
  lines.push(`sys.argv = [${argv.map((a) => pythonString('wrapper argv', a)).join(', ')}]`);
  if (app.script !== undefined) {
    lines.push(
      'import runpy',
      `application = runpy.run_path(${pythonString('wrapper script', app.script)}, run_name=${pythonString('wrapper', `${app.service}_wsgi`)})['application']`,
    );
  } else {
    const [module, name] = app.callable!.split(':');
    lines.push(
      'import importlib',
      `application = getattr(importlib.import_module(${pythonString('wrapper module', module)}), ${pythonString('wrapper callable', name)})`,
    );
  }
  lines.push('');
  return { path: `${WRAPPER_DIR}/${app.service}.wsgi`, content: lines.join('\n'), mode: 0o644 };
}
