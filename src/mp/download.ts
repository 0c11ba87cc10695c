/**
 * Streams a response body to disk so that a file under its final name is always complete: bytes go to a
 * temp file in the target directory while sha256 is computed, the count is checked against
 * Content-Length, the file is fsynced and only then renamed into place. A body that stops early (socket
 * closed, stream aborted, fewer bytes than announced) is MP_TRUNCATED_DOWNLOAD and leaves no file behind;
 * a body that makes no progress for timeoutMs is MP_TIMEOUT.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MpHttp, MpRequest } from './http.ts';
import type { DownloadResult } from './report-types.ts';

/** Rejects names that could escape the target directory or hide as dot files. */
export function assertSafeFileName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._ -]{0,254}$/.test(name) || name.includes('..')) {
    throw new TypeError(`refusing to save a report as '${name}': a file name may only hold letters, digits, '.', '_', '-' and spaces`);
  }
}

export async function downloadToFile(http: MpHttp, req: MpRequest, targetDir: string, saveAs: string): Promise<DownloadResult> {
  assertSafeFileName(saveAs);
  const dir = resolve(targetDir);
  await mkdir(dir, { recursive: true });
  const finalPath = join(dir, saveAs);
  const tempPath = join(dir, `.${saveAs}.${randomBytes(6).toString('hex')}.part`);

  const res = await http.stream(req);
  const encoded = (res.headers.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
  const lengthHeader = res.headers.get('content-length');
  const expected = !encoded && lengthHeader !== null && /^\d+$/.test(lengthHeader.trim()) ? Number(lengthHeader) : undefined;
  const hash = createHash('sha256');
  let bytes = 0;
  let file: FileHandle | undefined;
  let idle: NodeJS.Timeout | undefined;
  const truncated = (why: string) =>
    http.error('MP_TRUNCATED_DOWNLOAD', req, `download stopped after ${bytes}${expected === undefined ? '' : ` of ${expected}`} bytes: ${why}; nothing was saved, download it again`, {
      status: res.status,
    });
  try {
    file = await open(tempPath, 'wx');
    const reader = res.body?.getReader();
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => res.abort(), http.timeoutMs);
    };
    armIdle();
    while (reader) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (thrown) {
        if (res.signal.aborted) throw http.error('MP_TIMEOUT', req, `download made no progress for ${http.timeoutMs} ms after ${bytes} bytes; nothing was saved`, { status: res.status });
        throw truncated(http.scrub(thrown instanceof Error ? thrown.message : String(thrown)));
      }
      if (chunk.done) break;
      armIdle();
      hash.update(chunk.value);
      bytes += chunk.value.byteLength;
      await writeAll(file, chunk.value);
    }
    clearTimeout(idle);
    if (expected !== undefined && bytes !== expected) throw truncated(`Content-Length announced ${expected}`);
    await file.sync();
    await file.close();
    file = undefined;
    await rename(tempPath, finalPath);
    await syncDir(dir);
  } catch (thrown) {
    clearTimeout(idle);
    res.abort();
    await file?.close().catch(() => {});
    await rm(tempPath, { force: true });
    throw thrown;
  }
  const sha256 = hash.digest('hex');
  http.log.info({ path: finalPath, bytes, sha256 }, 'mp report downloaded');
  return { path: finalPath, sha256, bytes };
}

async function writeAll(file: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await file.write(data, offset, data.byteLength - offset);
    offset += bytesWritten;
  }
}

/** Makes the rename durable; some platforms cannot open a directory, which is fine to ignore. */
async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => {});
  }
}
