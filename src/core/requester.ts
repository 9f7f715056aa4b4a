// What resources, raw calls and paging need of a transport: `request()`. An OvhClient hands them one that builds the
// real transport (and loads ky) on the first request.
import type { Transport } from './transport.js';

/** Anything that sends a request the way `Transport.request` does. */
export type Requester = Pick<Transport, 'request'>;
