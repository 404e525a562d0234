import { LOCAL_FILE_PREFIX } from './files';

/**
 * Cloud storage's temporary links for the local backend: node-sdk's `getTempFileURL` sends
 * `storage.batchGetDownloadUrl` through its request layer (`tcbapirequester`), which answers here with the local
 * file route — as CloudBase answers with a signed link. A file id that is not a local file gets CloudBase's
 * per-file code instead of a link. Other requests pass through. Returns the undo.
 */
interface Requester {
  request(args: { params: { action: string; file_list?: Array<{ fileid: string }> } }): Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the sdk's own module object, to patch its export
const requester = require('@cloudbase/node-sdk/dist/utils/tcbapirequester') as Requester;

export function useLocalStorageLinks(baseUrl: () => string): () => void {
  const previous = requester.request;
  requester.request = async (args) => {
    if (args.params.action !== 'storage.batchGetDownloadUrl') return previous(args);
    const download_list = (args.params.file_list ?? []).map(({ fileid }) =>
      fileid.startsWith(LOCAL_FILE_PREFIX)
        ? {
            fileID: fileid,
            code: 'SUCCESS',
            tempFileURL: `${baseUrl()}/files/${fileid.slice(LOCAL_FILE_PREFIX.length)}`,
          }
        : { fileID: fileid, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' },
    );
    return { data: { download_list }, requestId: 'local-storage' };
  };
  return () => {
    requester.request = previous;
  };
}
