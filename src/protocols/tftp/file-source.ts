/**
 * What a read request may see: regular files under one root folder, read-only.
 *
 * The requested name is checked lexically before anything touches the disk: a leading "/" is taken as
 * relative to the root (iPXE and PXE ROMs send the DHCP bootfile as given, often "/undionly.kpxe"), and
 * any ".." segment is refused outright rather than normalised, so "a/../../etc/passwd" is an access
 * violation, never a lookup. Symbolic links inside the root are followed: they are the administrator's
 * (Debian's ipxe package links /usr/lib/ipxe/ipxe.efi to /boot/ipxe.efi), and only root can place them.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { TftpErrorCode } from './tftp.codec';

export class TftpFileError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TftpFileError';
  }
}

/** Random-access bytes of one file as the client will receive them. */
export interface BlockSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** netascii is converted in memory; larger files must be fetched in octet mode (boot binaries always are). */
export const NETASCII_MAX_BYTES = 64 * 1024 * 1024;

/** The absolute path `filename` names under `root`, or a TftpFileError (access violation). */
export function resolveUnderRoot(root: string, filename: string): string {
  const rel = filename.replace(/^\/+/, '');
  if (rel === '') throw new TftpFileError(TftpErrorCode.AccessViolation, 'no file name');
  if (rel.split('/').some((seg) => seg === '..')) throw new TftpFileError(TftpErrorCode.AccessViolation, 'access violation: ".." is not allowed');
  const base = path.resolve(root);
  const full = path.resolve(base, rel);
  if (full !== base && !full.startsWith(base + path.sep)) throw new TftpFileError(TftpErrorCode.AccessViolation, 'access violation: outside the TFTP root');
  return full;
}

export async function openSource(root: string, filename: string, mode: 'octet' | 'netascii'): Promise<BlockSource> {
  const full = resolveUnderRoot(root, filename);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(full, 'r');
  } catch (err) {
    throw fileError(err);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new TftpFileError(TftpErrorCode.FileNotFound, 'file not found');
    if (mode === 'octet') return octetSource(handle, st.size);
    if (st.size > NETASCII_MAX_BYTES) throw new TftpFileError(TftpErrorCode.NotDefined, 'file too large for netascii mode: use octet (binary)');
    const data = toNetascii(await handle.readFile());
    await handle.close();
    return bufferSource(data);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err instanceof TftpFileError ? err : fileError(err);
  }
}

function octetSource(handle: fs.FileHandle, size: number): BlockSource {
  return {
    size,
    read: async (offset, length) => {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.allocUnsafe(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await handle.read(buf, done, n - done, offset + done);
        if (bytesRead === 0) break; // the file shrank under us: send what there is
        done += bytesRead;
      }
      return done === n ? buf : buf.subarray(0, done);
    },
    close: () => handle.close(),
  };
}

export function bufferSource(data: Buffer): BlockSource {
  return {
    size: data.length,
    read: async (offset, length) => data.subarray(offset, Math.min(data.length, offset + length)),
    close: async () => undefined,
  };
}

/** RFC 764 NVT ASCII as RFC 1350 uses it: LF becomes CR LF and a bare CR becomes CR NUL. */
export function toNetascii(data: Buffer): Buffer {
  let extra = 0;
  for (const b of data) if (b === 0x0a || b === 0x0d) extra++;
  if (extra === 0) return data;
  const out = Buffer.allocUnsafe(data.length + extra);
  let j = 0;
  for (const b of data) {
    if (b === 0x0a) {
      out[j++] = 0x0d;
      out[j++] = 0x0a;
    } else if (b === 0x0d) {
      out[j++] = 0x0d;
      out[j++] = 0x00;
    } else {
      out[j++] = b;
    }
  }
  return out;
}

function fileError(err: unknown): TftpFileError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP') return new TftpFileError(TftpErrorCode.FileNotFound, 'file not found');
  if (code === 'EACCES' || code === 'EPERM') return new TftpFileError(TftpErrorCode.AccessViolation, 'access violation');
  return new TftpFileError(TftpErrorCode.NotDefined, `cannot read file (${code ?? 'error'})`);
}
