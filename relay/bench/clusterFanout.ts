// One fan-out run over any number of relays: members send signed entries at a fixed pace, every
// other member of their room receives them; latency from the send time in the entry, deliveries/s
// over the run (drain included), and the CPU of every relay together.
import { unexpectedCloses } from './members.js'
import type { RelayProcess } from './processes.js'
import { type Layout, openSignedMembers, sentAtOf } from './signedMembers.js'
import { type Load, nowMs, percentile, sortedCopy, startLoadMonitor, waitFor } from './stats.js'

const DRAIN_TIMEOUT_MS = 10_000
const CLOCK_SPAN = 10_000_000

export interface PaceOptions {
  sendIntervalMs: number
  durationMs: number
}

export interface ClusterFanout {
  p50Ms: number
  p99Ms: number
  sent: number
  delivered: number
  expected: number
  deliveriesPerSecond: number
  relayCpuUsPerDelivery: number
  load: Load
  /** Members the relays closed, "count x code reason": their missing deliveries are no loss. */
  closes: string[]
}

export async function runClusterFanout(
  relays: readonly RelayProcess[],
  roomPrefix: string,
  layout: Layout,
  pace: PaceOptions,
): Promise<ClusterFanout> {
  const latencies: number[] = []
  const sentAt = new Map<number, number>()
  let delivered = 0
  const members = await openSignedMembers(relays, roomPrefix, layout, (sender, clock, update) => {
    const key = sender * CLOCK_SPAN + clock
    let ts = sentAt.get(key)
    if (ts === undefined) {
      ts = sentAtOf(update)
      sentAt.set(key, ts)
    }
    latencies.push(nowMs() - ts)
    delivered++
  })
  const monitor = startLoadMonitor(relays.map((relay) => relay.pid))
  let sent = 0
  const timers: NodeJS.Timeout[] = []
  try {
    for (const member of members) {
      const send = () => {
        member.client.sendUpdate(member.writer.append())
        sent++
      }
      // A random phase per member, so sends are spread evenly rather than in bursts.
      const phase = setTimeout(() => {
        send()
        timers.push(setInterval(send, pace.sendIntervalMs))
      }, Math.random() * pace.sendIntervalMs)
      timers.push(phase)
    }
    await new Promise((resolve) => setTimeout(resolve, pace.durationMs)) // the run's length
  } finally {
    for (const timer of timers) clearTimeout(timer)
  }
  const expected = sent * (layout.clientsPerRoom - 1)
  await waitFor('every delivery', () => delivered >= expected, DRAIN_TIMEOUT_MS).catch(() => {})
  const load = monitor.stop()
  const closes = unexpectedCloses(members)
  await Promise.all(members.map((member) => member.client.close()))
  const sorted = sortedCopy(latencies)
  return {
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    sent,
    delivered,
    expected,
    deliveriesPerSecond: (delivered / load.wallMs) * 1000,
    relayCpuUsPerDelivery: (load.relayCpuMs * 1000) / Math.max(1, delivered),
    load,
    closes,
  }
}
