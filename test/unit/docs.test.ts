import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BuiltinServices } from '../../lib';
import { generatedDocs, serviceCatalogue } from '../../scripts/docs';

describe('generated docs', () => {
  it.each(Object.entries(generatedDocs()).map(([p, c]) => [relative(`${__dirname}/../..`, p), p, c]))(
    '%s is what `npm run docs` writes from the code',
    (_rel, path, content) => {
      expect(readFileSync(path, 'utf8')).toBe(content);
    },
  );

  it('lists every built-in service with its port and entry point', () => {
    const t = serviceCatalogue();
    expect(t).toContain('| Keystone (identity) | `keystone` | `/usr/bin/keystone-wsgi-public` | 5000 |');
    expect(t).toContain('| Cinder (block storage API) | `cinder-api` | `/usr/bin/cinder-wsgi` | 8776 |');
    expect(t.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| service'))).toHaveLength(
      BuiltinServices.names().length,
    );
  });
});
