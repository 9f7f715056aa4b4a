// Small helpers shared by the benchmarks: summaries, formatting, machine description.
import { cpus, loadavg, platform, release } from 'node:os';

/** min / median / max of a series of measurements. */
export interface Summary {
  min: number;
  median: number;
  max: number;
  /** How many measurements. */
  runs: number;
}

/** Summarizes measurements (an even count takes the mean of the two middle values). */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number, runs: sorted.length };
}

/** `median (min–max)` with the given number of decimals. */
export function formatSummary(s: Summary, decimals = 0, unit = ''): string {
  const f = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})`;
}

/** The machine the figures come from. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  load1: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: (list[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    cores: list.length,
    node: process.version,
    os: `${platform()} ${release()}`,
    load1: Number((loadavg()[0] ?? 0).toFixed(2)),
  };
}

/** Wall-clock and process CPU time of `fn`, in ms. */
export async function timed(fn: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}
