// The OAuth2 token endpoint's answer (RFC 6749 §5.1), loaded with the first token exchange.
import { z } from 'zod';

/** A token endpoint's successful answer; other fields are kept and ignored. */
export const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().nonnegative(),
  scope: z.string().optional(),
});
