// File transfers that Taro.request cannot do: multipart upload and attachment download.
// WeChat: Taro.uploadFile / Taro.downloadFile + openDocument; H5: fetch with FormData / a Blob link.
// `process.env.TARO_ENV` is a build-time literal, so each bundle runs only its own branch.
import Taro from '@tarojs/taro';
import { filenameFromDisposition, readImportResponse, type ImportOutcome } from '@/utils/metrics-import';
import { ApiError, buildQuery, FALLBACK_MESSAGE, toApiError, type Query } from './api-error';
import { API_BASE, authHeader, sessionExpired } from './request';
import type { MetricsImport } from './types';

/** A file the user picked: a temp path in WeChat, a File in H5. */
export interface PickedFile {
  name: string;
  size: number;
  path?: string;
  file?: File;
}

const isH5 = process.env.TARO_ENV === 'h5';

function failed(status: number, body: unknown): ApiError {
  if (status === 401) sessionExpired();
  return toApiError(status, body);
}

/** WeChat: a .xlsx/.csv from a chat (H5 pages use a file input instead). Null when the user cancels. */
export async function chooseChatFile(extensions: string[]): Promise<PickedFile | null> {
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions });
    const f = res.tempFiles[0];
    return f ? { name: f.name, size: f.size, path: f.path } : null;
  } catch {
    return null;
  }
}

/** POST multipart/form-data with the file under `file`; the import's outcome, or ApiError. */
export async function uploadImportFile<R = MetricsImport>(
  path: string,
  fields: Record<string, string>,
  picked: PickedFile,
): Promise<ImportOutcome<R>> {
  const url = `${API_BASE}${path}`;
  if (isH5) {
    if (!picked.file) throw new ApiError(400, '请选择文件');
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', picked.file, picked.name);
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { Accept: 'application/json', ...authHeader() }, body: form });
    } catch {
      throw new ApiError(0, FALLBACK_MESSAGE[0]);
    }
    const text = await res.text();
    if (res.status === 401) throw failed(401, text);
    return readImportResponse<R>(res.status, text);
  }
  if (!picked.path) throw new ApiError(400, '请选择文件');
  let res: Taro.uploadFile.SuccessCallbackResult;
  try {
    res = await Taro.uploadFile({ url, filePath: picked.path, name: 'file', formData: fields, header: authHeader() });
  } catch {
    throw new ApiError(0, FALLBACK_MESSAGE[0]);
  }
  if (res.statusCode === 401) throw failed(401, res.data);
  return readImportResponse<R>(res.statusCode, res.data);
}

/** POST multipart/form-data of a record (evidence, a document): the stored record, or ApiError. */
export async function uploadForm<R>(path: string, fields: Record<string, string>, picked: PickedFile): Promise<R> {
  const out = await uploadImportFile<R>(path, fields, picked);
  if (out.kind === 'rejected') throw new ApiError(422, out.message); // not an answer of these routes
  return out.record;
}

/**
 * Downloads an attachment with the bearer token. H5: saved through a Blob link under the server's file name
 * (or `fallbackName` when the header is not readable). WeChat: opened with openDocument (.xlsx).
 */
export async function downloadFile(opts: { path: string; query?: Query; fallbackName: string }): Promise<void> {
  const url = `${API_BASE}${opts.path}${buildQuery(opts.query)}`;
  if (isH5) {
    let res: Response;
    try {
      res = await fetch(url, { headers: authHeader() });
    } catch {
      throw new ApiError(0, FALLBACK_MESSAGE[0]);
    }
    if (!res.ok) {
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the status alone says it
      }
      throw failed(res.status, body);
    }
    const blob = await res.blob();
    const href = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = filenameFromDisposition(res.headers.get('Content-Disposition'), opts.fallbackName);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 30_000);
    return;
  }
  let res: Taro.downloadFile.FileSuccessCallbackResult;
  try {
    res = await Taro.downloadFile({ url, header: authHeader() });
  } catch {
    throw new ApiError(0, FALLBACK_MESSAGE[0]);
  }
  if (res.statusCode !== 200) {
    let body: unknown = null;
    try {
      body = JSON.parse(Taro.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8') as string);
    } catch {
      // unreadable error body: the status alone says it
    }
    throw failed(res.statusCode, body);
  }
  const ext = /\.(\w+)$/.exec(opts.fallbackName)?.[1] ?? 'xlsx';
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: ext as 'xlsx', showMenu: true });
}
