// Schemas shared by OVH resources' schema modules (loaded with them, never at import).
import { z } from 'zod';
import { isCidr } from './cidr.js';

/** A positive integer id (credentialId, applicationId). */
export const PositiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An IP range in CIDR notation (a bare address means a single host). */
export const Cidr = z.string().refine(isCidr, { message: 'must be an IP address or CIDR range, e.g. "203.0.113.0/24" or "2001:db8::/32"' });
