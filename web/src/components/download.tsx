/**
 * Downloads of the signed-in user (the directory's exports, the indicators' report): the file is
 * read with the token, then saved by the browser. One download at a time; the page says when it
 * is done or why it failed.
 */
import { useApiMutation } from '../api/queries';
import { ErrorNotice, SuccessNotice } from './status';

/** Saves a file the API answered (the browser's download, no new tab). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface Download {
  /** Which button asked (a format): it says « Préparation… » meanwhile. */
  id: string;
  path: string;
  filename: string;
  /** What the page says once the file is saved. */
  done: string;
}

export function useDownload() {
  const mutation = useApiMutation(
    async (api, { path, filename, done }: Download) => {
      const response = await api.raw(path);
      saveBlob(await response.blob(), filename);
      return done;
    },
    { focusOnProblem: false },
  );
  return {
    download: (download: Download) => mutation.run(download),
    /** The id of the download under way, or null. */
    pending: mutation.busy ? (mutation.variables?.id ?? null) : null,
    message: mutation.result ? (
      <SuccessNotice>{mutation.result}</SuccessNotice>
    ) : mutation.error ? (
      <ErrorNotice>{mutation.error}</ErrorNotice>
    ) : null,
  };
}
