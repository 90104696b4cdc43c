/**
 * Small adapters from the host's notification + pull pattern to callbacks the UI uses: a
 * notification means "ask again", and asking once at subscription covers whatever happened while
 * the page was loading. Plain functions, so they are unit-tested without React.
 */
import type { HostApi, OpenedFilesBatch, UpdateState } from '../../../shared/host/api.ts';

/**
 * Hands every batch of packages the OS opened (double-clicked .tbpkg, command line, second launch)
 * to `onBatch`. Returns the unsubscribe function; after it, no more batches are delivered.
 */
export function watchOpenedFiles(
  host: Pick<HostApi, 'openedFiles'>,
  onBatch: (batch: OpenedFilesBatch) => void,
  onError: (error: unknown) => void,
): () => void {
  let active = true;
  // One take at a time: two pings in a row must not hand the same files out twice.
  let running: Promise<void> = Promise.resolve();
  const pull = (): void => {
    running = running.then(async () => {
      if (!active) return;
      try {
        const batch = await host.openedFiles.take();
        if (active && (batch.files.length > 0 || batch.failed.length > 0)) onBatch(batch);
      } catch (error) {
        if (active) onError(error);
      }
    });
  };
  const unsubscribe = host.openedFiles.subscribe(pull);
  pull();
  return () => {
    active = false;
    unsubscribe();
  };
}

/** Calls `onState` with the current update state and again after every change. */
export function watchUpdateState(
  host: Pick<HostApi, 'updates'>,
  onState: (state: UpdateState) => void,
  onError: (error: unknown) => void = () => undefined,
): () => void {
  let active = true;
  let latest = 0;
  const pull = (): void => {
    const ticket = ++latest;
    host.updates.getState().then(
      (state) => {
        // Answers can overtake each other; only the newest request's answer counts.
        if (active && ticket === latest) onState(state);
      },
      (error: unknown) => {
        if (active) onError(error);
      },
    );
  };
  const unsubscribe = host.updates.subscribe(pull);
  pull();
  return () => {
    active = false;
    unsubscribe();
  };
}
