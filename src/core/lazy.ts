// Loading on first use: what a call needs (zod and a resource's schemas, ky and the transport) is imported by the
// first call that needs it, once, instead of at `import 'ovh-credentials'`.

/**
 * A loader that runs `load` on its first call and hands every later call the same promise. A failed load (a
 * missing file, a broken install) is not kept: the next call tries again.
 * @example const schemas = lazy(() => import('./credentials.schemas.js'));
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    if (loading === undefined) {
      loading = load();
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };
}
