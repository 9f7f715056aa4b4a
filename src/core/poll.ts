// Waiting: one abortable delay, one race against a signal, and one polling loop, for every wait the SDK does
// (a consumer key's validation, Web PaaS activities, a shared clock sync).

/** Resolves after `ms`, or rejects with `onAbort()` as soon as the signal aborts (at once if it already has). */
export function delay(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(onAbort());
    const abort = (): void => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts; `promise` itself goes on. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // `aborted` first: an already aborted signal wins over an already settled promise.
  return Promise.race([aborted, promise]).finally(() => signal.removeEventListener('abort', onAbort));
}

/** How a poll runs: a round every `pollInterval` ms, until the next would start past `waitTimeout` ms (on the `now` clock) or the signal aborts. */
export interface PollOptions {
  pollInterval: number;
  waitTimeout: number;
  signal?: AbortSignal | undefined;
  now: () => number;
  onTimeout: () => Error;
  onAbort: () => Error;
}

/** Runs `round` until it returns a value (or throws), waiting `pollInterval` between rounds; `undefined` goes on. */
export async function poll<T>(round: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const { pollInterval, waitTimeout, signal, now, onTimeout, onAbort } = options;
  const deadline = now() + waitTimeout;
  for (;;) {
    if (signal?.aborted) throw onAbort();
    const result = await round();
    if (result !== undefined) return result;
    if (now() + pollInterval > deadline) throw onTimeout();
    await delay(pollInterval, signal, onAbort);
  }
}
