// The upload tar: one ustar entry, as Go's archive/tar writes the provider's header
// (container_funcs.go:510), so uploaded files land with the same name, mode and owner.
import { ApplierError } from './types';

/** A one-file ustar archive (header name = `file` as given, uid/gid 0, two zero blocks at the end). */
export function ustarSingleFile(
  file: string,
  content: Buffer,
  mode: number,
  mtime: Date = new Date(),
): Buffer {
  if (!/^[\x20-\x7e]+$/.test(file))
    throw new ApplierError(
      `upload file ${JSON.stringify(file)}: only printable ASCII paths are supported by the applier's tar writer`,
    );
  let name = file;
  let prefix = '';
  if (name.length > 100) {
    // Split at a '/' so that prefix <= 155 and name <= 100 (what Go's USTAR writer does).
    let split = -1;
    for (let i = file.length - 1; i > 0; i--) {
      if (file[i] === '/' && i <= 155 && file.length - i - 1 <= 100 && file.length - i - 1 > 0) {
        split = i;
        break;
      }
    }
    if (split < 0)
      throw new ApplierError(`upload file path is too long for a ustar header (${file.length} chars)`);
    prefix = file.slice(0, split);
    name = file.slice(split + 1);
  }
  const h = Buffer.alloc(512, 0);
  const put = (s: string, off: number, len: number): void => {
    h.write(s.slice(0, len), off, 'ascii');
  };
  const octal = (n: number, len: number): string => n.toString(8).padStart(len - 1, '0') + '\0';
  put(name, 0, 100);
  put(octal(mode & 0o7777, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(content.length, 12), 124, 12);
  put(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  const pad = (512 - (content.length % 512)) % 512;
  return Buffer.concat([h, content, Buffer.alloc(pad, 0), Buffer.alloc(1024, 0)]);
}
