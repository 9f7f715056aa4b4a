// The headers of a signed GET, signed once: the raw clients of figures 1 and 1d send them unchanged, since a
// signature stays valid for the simulator's 180 s window, longer than a run.
import type { Package } from './package.js';

/** OVH's four authentication headers for `GET url`, signed now with `keys`. */
export function signedGetHeaders(
  signRequest: Package['signRequest'],
  keys: { applicationKey: string; applicationSecret: string; consumerKey: string },
  url: string,
): Record<string, string> {
  const timestamp = Math.round(Date.now() / 1000);
  return {
    'X-Ovh-Application': keys.applicationKey,
    'X-Ovh-Consumer': keys.consumerKey,
    'X-Ovh-Timestamp': String(timestamp),
    'X-Ovh-Signature': signRequest({
      applicationSecret: keys.applicationSecret,
      consumerKey: keys.consumerKey,
      method: 'GET',
      url,
      body: '',
      timestamp,
    }),
  };
}
