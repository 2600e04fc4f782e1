import type { RenderedFile } from './file';
import { pythonString } from './writers/python';

export const WRAPPER_DIR = '/usr/local/lib/wsgiform';

/**
 * mod_wsgi cannot pass argv, but Cinder's WSGI script hands `sys.argv[1:]` to oslo.config
 * (reference G4). This wrapper sets argv to the rendered config files, then runs the package's
 * own script and exposes its `application`.
 */
export function renderArgvWrapper(
  service: string,
  script: string,
  configFiles: readonly string[],
): RenderedFile {
  const argv = [script, ...configFiles.flatMap((f) => ['--config-file', f])];
  const content = [
    `# Rendered by wsgiform: runs ${script} with its config files in sys.argv (mod_wsgi passes none).`,
    'import runpy',
    'import sys',
    '',
    `sys.argv = [${argv.map((a) => pythonString('wrapper argv', a)).join(', ')}]`,
    `application = runpy.run_path(${pythonString('wrapper script', script)}, run_name=${pythonString('wrapper', `${service}_wsgi`)})['application']`,
    '',
  ].join('\n');
  return { path: `${WRAPPER_DIR}/${service}.wsgi`, content, mode: 0o644 };
}
