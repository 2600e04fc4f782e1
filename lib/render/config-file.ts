import { RenderError } from '../core/errors';
import type { RenderedFile } from '../core/layout';
import { withoutSecrets } from '../core/markers';
import type { ConfigFileModel, IniDialectName, ServiceConfigModel } from '../model/service';
import { IniDialect, renderIni } from './writers/ini';

const DIALECT: Record<IniDialectName, IniDialect> = { oslo: IniDialect.OSLO, paste: IniDialect.PASTE };

/** A service's main config file and extra files; `group` (the service's) may read them. */
export function renderServiceFiles(origin: string, c: ServiceConfigModel, group: string): RenderedFile[] {
  const main: RenderedFile[] = c.mainConfig
    ? [
        {
          path: c.mainConfig.path,
          content: renderIni(
            DIALECT[c.mainConfig.dialect],
            c.mainConfig.sections,
            `Rendered by wsgiform for ${origin}. Do not edit: change the construct's props.`,
          ),
          mode: 0o640,
          group,
        },
      ]
    : [];
  return [...main, ...c.files.map((f) => renderConfigFile(f, group))];
}

/** One extra file: an ini through the writer of its reader, or raw content as given. */
export function renderConfigFile(f: ConfigFileModel, group: string): RenderedFile {
  if (f.ini) {
    return {
      path: f.path,
      content: renderIni(DIALECT[f.ini.dialect], f.ini.sections, 'Rendered by wsgiform.'),
      mode: f.mode,
      group,
    };
  }
  const content = f.content ?? '';
  if (withoutSecrets(content).includes('\u0000'))
    throw new RenderError(`${f.path} content`, content, 'raw content contains a NUL byte; remove it');
  return { path: f.path, content, mode: f.mode, group };
}
