// IP ranges (CIDR) for allowedIPs: the check, and the zod schema built on it.
import { isIP } from 'node:net';
import { z } from 'zod';

/** True when `value` is an IPv4 or IPv6 address with an optional prefix length (`1.2.3.0/24`, `2001:db8::/32`). */
export function isCidr(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** An IP range in CIDR notation (a bare address means a single host). */
export const Cidr = z.string().refine(isCidr, { message: 'must be an IP address or CIDR range, e.g. "203.0.113.0/24" or "2001:db8::/32"' });
