import { RenderError } from '../../lib/core/errors';
import { secretMarker } from '../../lib/core/markers';
import { ApacheWriter, apacheArg } from '../../lib/render/writers/apache';
import { HaproxyWriter, haproxyArg, haproxyLogFormat } from '../../lib/render/writers/haproxy';
import { mergeIni } from '../../lib/core/sections';
import { IniDialect, iniValue, renderIni } from '../../lib/render/writers/ini';
import { pythonString } from '../../lib/render/writers/python';
import { ShellWriter, shellWord } from '../../lib/render/writers/shell';
import { sqlName, sqlString } from '../../lib/render/writers/sql';

const secret = secretMarker(7);

describe('Apache writer', () => {
  it('leaves plain words bare and quotes the rest with \\" and \\\\ escapes', () => {
    expect(apacheArg('X', '/usr/bin/keystone-wsgi-public')).toBe('/usr/bin/keystone-wsgi-public');
    expect(apacheArg('X', '%{GLOBAL}')).toBe('%{GLOBAL}');
    expect(apacheArg('X', 'two words')).toBe('"two words"');
    expect(apacheArg('X', 'say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
    expect(apacheArg('X', '')).toBe('""');
    expect(apacheArg('X', '#not-a-comment')).toBe('"#not-a-comment"');
  });

  it('rejects newlines, NUL and ${...} with the directive and a fix', () => {
    expect(() => apacheArg('ServerName', 'a\nInclude /etc/shadow')).toThrow(
      'ServerName="a\\nInclude /etc/shadow": contains a newline, which a config line cannot hold; remove it',
    );
    expect(() => apacheArg('ServerName', 'a\u0000b')).toThrow(/contains a NUL byte/);
    expect(() => apacheArg('SetEnv', '${HOME}')).toThrow(/Apache expands \$\{\.\.\.\} as a Define variable/);
  });

  it('keeps a secret marker intact inside a quoted value', () => {
    expect(apacheArg('SetEnv', `a b ${secret}`)).toBe(`"a b ${secret}"`);
  });

  it('writes nested sections with two-space indentation', () => {
    const w = new ApacheWriter();
    w.directive('Listen', '0.0.0.0:5000');
    w.block('VirtualHost', ['0.0.0.0:5000'], (v) => {
      v.directive('ServerName', 'keystone');
      v.block('Directory', ['/usr/bin'], (d) => d.directive('Require', 'all', 'granted'));
    });
    expect(w.toString()).toBe(
      [
        'Listen 0.0.0.0:5000',
        '<VirtualHost 0.0.0.0:5000>',
        '  ServerName keystone',
        '  <Directory /usr/bin>',
        '    Require all granted',
        '  </Directory>',
        '</VirtualHost>',
        '',
      ].join('\n'),
    );
  });

  it('rejects directive names that are not words', () => {
    expect(() => new ApacheWriter().directive('Bad Name', 'x')).toThrow(RenderError);
  });
});

describe('HAProxy writer', () => {
  it('single-quotes values with spaces, $ or #, and rejects a single quote there', () => {
    expect(haproxyArg('uri', '/healthcheck')).toBe('/healthcheck');
    expect(haproxyArg('hdr', 'a b')).toBe("'a b'");
    expect(haproxyArg('hdr', '$HOME')).toBe("'$HOME'");
    expect(haproxyArg('hdr', 'x#y')).toBe("'x#y'");
    expect(() => haproxyArg('hdr', "it's")).toThrow(/single quote/);
    expect(() => haproxyArg('hdr', 'a\rb')).toThrow(/control character/);
  });

  it('doubles % in log-format arguments', () => {
    expect(haproxyLogFormat('hdr', '100%')).toBe('100%%');
  });

  it('renders sections separated by a blank line', () => {
    const w = new HaproxyWriter();
    w.section('defaults', [], (d) => d.line('mode', 'http'));
    w.section('backend', ['keystone'], (b) => b.line('balance', 'roundrobin'));
    expect(w.toString()).toBe('defaults\n  mode http\n\nbackend keystone\n  balance roundrobin\n');
  });
});

describe('ini writer', () => {
  it('escapes $ for oslo.config and % for PasteDeploy', () => {
    expect(iniValue(IniDialect.OSLO, 'k', 'pa$s')).toBe('pa$$s');
    expect(iniValue(IniDialect.PASTE, 'k', '100%')).toBe('100%%');
  });

  it('quotes oslo values that start or end with whitespace or a quote', () => {
    expect(iniValue(IniDialect.OSLO, 'k', ' padded ')).toBe('" padded "');
    expect(iniValue(IniDialect.OSLO, 'k', '"quoted"')).toBe('""quoted""');
    expect(() => iniValue(IniDialect.PASTE, 'k', ' padded')).toThrow(/PasteDeploy strips/);
  });

  it('renders sections and options in order, with exact text', () => {
    const text = renderIni(IniDialect.OSLO, {
      DEFAULT: { debug: 'false' },
      database: { connection: `mysql://u:${secret}@db/x` },
    });
    expect(text).toBe(`[DEFAULT]\ndebug = false\n\n[database]\nconnection = mysql://u:${secret}@db/x\n`);
  });

  it('rejects bad section and option names and newlines in values', () => {
    expect(() => renderIni(IniDialect.OSLO, { 'a]b': {} })).toThrow(/section/);
    expect(() => renderIni(IniDialect.OSLO, { s: { 'a=b': 'x' } })).toThrow(/option/);
    expect(() => renderIni(IniDialect.OSLO, { s: { k: 'x\n[evil]' } })).toThrow(
      '[s] k="x\\n[evil]": contains a newline',
    );
  });

  it('takes URL paths as option names in paste inis only (urlmap composites)', () => {
    expect(
      renderIni(IniDialect.PASTE, { 'composite:main': { use: 'egg:Paste#urlmap', '/': 'v', '/v1': 'a' } }),
    ).toBe('[composite:main]\nuse = egg:Paste#urlmap\n/ = v\n/v1 = a\n');
    expect(() => renderIni(IniDialect.OSLO, { s: { '/v1': 'a' } })).toThrow(/option/);
    expect(() => renderIni(IniDialect.PASTE, { s: { '/v1 = x\n[evil]': 'a' } })).toThrow(/URL path/);
    expect(() => renderIni(IniDialect.PASTE, { s: { '/a:b': 'a' } })).toThrow(/URL path/);
  });

  it('merges sections option by option', () => {
    expect(mergeIni({ a: { x: '1', y: '2' } }, { a: { y: '3' }, b: { z: '4' } })).toEqual({
      a: { x: '1', y: '3' },
      b: { z: '4' },
    });
  });
});

describe('shell, SQL and Python writers', () => {
  it('single-quotes shell words and escapes embedded quotes', () => {
    expect(shellWord('x', 'plain-word_1.0')).toBe('plain-word_1.0');
    expect(shellWord('x', "it's $(rm -rf /)")).toBe(`'it'\\''s $(rm -rf /)'`);
    expect(() => shellWord('x', 'a\nb')).toThrow(/newline/);
  });

  it('writes a script that execs its server', () => {
    const w = new ShellWriter();
    w.export('OS_X', 'a b');
    w.exec('/usr/sbin/apache2', '-DFOREGROUND');
    expect(w.toString()).toBe("#!/bin/sh\nset -eu\nexport OS_X='a b'\nexec /usr/sbin/apache2 -DFOREGROUND\n");
    expect(() => w.export('1BAD', 'x')).toThrow(/environment variable/);
  });

  it('escapes SQL strings and restricts names', () => {
    expect(sqlString('pw', "o'k\\")).toBe("'o''k\\\\'");
    expect(sqlName('db', 'keystone')).toBe('`keystone`');
    expect(() => sqlName('db', 'key`stone')).toThrow(/letters, digits or _/);
  });

  it('writes Python string literals and refuses secrets there', () => {
    expect(pythonString('p', 'a"b\\')).toBe('"a\\"b\\\\"');
    expect(() => pythonString('p', secret)).toThrow(/secrets are not written into Python/);
  });
});
