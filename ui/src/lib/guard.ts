// Runs a backend call and hands any failure to `onerror` (which shows it), returning undefined.
import { toBackendError, type BackendError } from './backend';

export function guarded(onerror: (e: BackendError) => void) {
  return async function guard<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (e) {
      onerror(toBackendError(e));
      return undefined;
    }
  };
}
