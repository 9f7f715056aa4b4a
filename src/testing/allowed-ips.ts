/**
 * `allowedIPs` checks: is the client's address inside one of the credential's IP blocks?
 */
import { BlockList, isIP } from 'node:net';

/** Strips the IPv4-mapped IPv6 form (`::ffff:127.0.0.1` → `127.0.0.1`) that node reports for dual-stack sockets. */
export function normalizeIp(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Whether `block` is an IP address or a CIDR block (`192.0.2.0/24`, `2001:db8::/32`, `203.0.113.7`). */
export function isIpBlock(block: string): boolean {
  const [address = '', prefix, ...rest] = block.split('/');
  if (rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Whether `ip` falls inside any of `blocks` (addresses or CIDR blocks). Invalid blocks never match.
 * @example isIpAllowed('192.0.2.10', ['192.0.2.0/24']) // true
 */
export function isIpAllowed(ip: string, blocks: readonly string[]): boolean {
  const address = normalizeIp(ip);
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  for (const block of blocks) {
    if (!isIpBlock(block)) continue;
    const [base = '', prefix] = block.split('/');
    const type = isIP(base) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(base, type);
    else list.addSubnet(base, Number(prefix), type);
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
