// Numbers the bench reads and reduces: percentiles, relay CPU and RSS from /proc, and the harness's
// own CPU and event-loop delay (reported next to every latency, per BENCHMARKING.md).
import fs from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

/** Clock ticks per second for /proc/<pid>/stat (`getconf CLK_TCK` is 100 on Linux). */
const CLOCK_TICKS_PER_S = 100
/** Above this share of one core, or this event-loop delay, latency measures the harness. */
const HARNESS_BOUND_CPU_PERCENT = 80
const HARNESS_BOUND_ELD_P99_MS = 20
/** CPU used by processes other than the relay and the harness above which a figure is "contended". */
export const CONTENDED_OTHER_CPU_PERCENT = 25
const QUIET_SAMPLE_MS = 500

/** Busy CPU time of the whole machine in ms, from the first line of /proc/stat. */
function machineBusyMs(): number {
  const fields =
    fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? []
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields
  return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS_PER_S
}

/**
 * Other work on the machine (tests, browsers) steals one of the two cores from the relay or the
 * harness. Waits until a sample shows less than CONTENDED_OTHER_CPU_PERCENT besides this process,
 * or `maxWaitMs` has passed; returns that share either way.
 */
export async function waitForQuietMachine(maxWaitMs: number): Promise<number> {
  const deadline = performance.now() + maxWaitMs
  for (;;) {
    const busy = machineBusyMs()
    const own = process.cpuUsage()
    await new Promise((resolve) => setTimeout(resolve, QUIET_SAMPLE_MS)) // one sampling window
    const ownUsage = process.cpuUsage(own)
    const ownMs = (ownUsage.user + ownUsage.system) / 1000
    const otherPercent = Math.max(0, ((machineBusyMs() - busy - ownMs) / QUIET_SAMPLE_MS) * 100)
    if (otherPercent < CONTENDED_OTHER_CPU_PERCENT || performance.now() > deadline) return otherPercent
  }
}

/** Wall-clock milliseconds with sub-millisecond resolution; the one clock for sends and receives. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now()
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] ?? Number.NaN
}

export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort()
}

export function median(values: readonly number[]): number {
  return percentile(sortedCopy(values), 50)
}

/** User + system CPU time of a process in ms, from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may contain spaces; every field after its closing paren is space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12]) // utime, stime (fields 14 and 15)
  return (ticks * 1000) / CLOCK_TICKS_PER_S
}

/** Resident set size of a process in MiB, from VmRSS in /proc/<pid>/status. */
export function processRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
  if (match === null) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(match[1]) / 1024
}

export interface Load {
  wallMs: number
  relayCpuMs: number
  /** Relay CPU as a share of one core. */
  relayCpuPercent: number
  harnessCpuPercent: number
  eldP50Ms: number
  eldP99Ms: number
  eldMaxMs: number
  harnessBound: boolean
  /** CPU of everything else on the machine, as a share of one core; high means contended. */
  otherCpuPercent: number
}

/**
 * Measures relay and harness CPU and the harness's event-loop delay between start and stop. Several
 * pids (relays of a cluster) count as one relay: their CPU is added up.
 */
export function startLoadMonitor(relayPid: number | readonly number[]): { stop(): Load } {
  const pids = typeof relayPid === 'number' ? [relayPid] : relayPid
  const relaysCpuMs = () => pids.reduce((total, pid) => total + processCpuMs(pid), 0)
  const eld = monitorEventLoopDelay({ resolution: 5 })
  eld.enable()
  const started = performance.now()
  const harnessCpu = process.cpuUsage()
  const relayCpu = relaysCpuMs()
  const machineBusy = machineBusyMs()
  return {
    stop() {
      eld.disable()
      const wallMs = performance.now() - started
      const harness = process.cpuUsage(harnessCpu)
      const relayCpuMs = relaysCpuMs() - relayCpu
      const harnessCpuMs = (harness.user + harness.system) / 1000
      const harnessCpuPercent = (harnessCpuMs / wallMs) * 100
      const otherCpuMs = machineBusyMs() - machineBusy - relayCpuMs - harnessCpuMs
      const eldP99Ms = eld.percentile(99) / 1e6
      return {
        wallMs,
        relayCpuMs,
        relayCpuPercent: (relayCpuMs / wallMs) * 100,
        harnessCpuPercent,
        eldP50Ms: eld.percentile(50) / 1e6,
        eldP99Ms,
        eldMaxMs: eld.max / 1e6,
        harnessBound: harnessCpuPercent >= HARNESS_BOUND_CPU_PERCENT || eldP99Ms >= HARNESS_BOUND_ELD_P99_MS,
        otherCpuPercent: Math.max(0, (otherCpuMs / wallMs) * 100),
      }
    },
  }
}

/** Resolves once `predicate` holds, polling every `intervalMs`; rejects after `timeoutMs`. */
export async function waitFor(
  what: string,
  predicate: () => boolean,
  timeoutMs: number,
  intervalMs = 20,
): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Rejects after `timeoutMs` unless `promise` settles first. */
export function withTimeout<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    )
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
