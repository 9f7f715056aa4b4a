// Schemas shared by OVH resources.
import { z } from 'zod';

/** A positive integer id (credentialId, applicationId). */
export const PositiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
