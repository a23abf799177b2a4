// Fan-out: every member of a room appends entries and every other member receives them.
// Paced runs measure latency (send time carried in the entry vs receive time at each peer);
// the saturated run measures deliveries/s with a bounded window of unacknowledged sends.
import { firstEntryTs } from './entries.js'
import { closeMembers, type Member, openMembers, type RoomLayout, unexpectedCloses } from './members.js'
import type { RelayProcess } from './processes.js'
import { type Load, nowMs, startLoadMonitor, waitFor } from './stats.js'

/** After the last send, how long stragglers may take before they count as undelivered. */
const DRAIN_TIMEOUT_MS = 5_000
/** Keys a message by (sender, clock); clocks stay far below this. */
const CLOCK_SPAN = 10_000_000
const PUMP_INTERVAL_MS = 10

export interface FanoutResult {
  latenciesMs: number[]
  sent: number
  /** Deliveries to members other than the sender. */
  delivered: number
  expected: number
  load: Load
  closes: string[]
}

export interface PacedOptions extends RoomLayout {
  sendIntervalMs: number
  durationMs: number
}

export async function runPaced(relay: RelayProcess, roomPrefix: string, options: PacedOptions) {
  const latenciesMs: number[] = []
  const tsByMessage = new Map<number, number>()
  let delivered = 0
  const members = await openMembers(relay, roomPrefix, options, (_receiver, sender, clock, update) => {
    const receivedAt = nowMs()
    const key = sender * CLOCK_SPAN + clock
    let ts = tsByMessage.get(key)
    if (ts === undefined) {
      ts = firstEntryTs(update) ?? Number.NaN // decoded once per message, not once per delivery
      tsByMessage.set(key, ts)
    }
    latenciesMs.push(receivedAt - ts)
    delivered++
  })
  const monitor = startLoadMonitor(relay.pid)
  let sent = 0
  const timers: NodeJS.Timeout[] = []
  const send = (member: Member) => {
    member.client.sendUpdate(member.writer.append().update)
    sent++
  }
  try {
    for (const member of members) {
      // A random phase per member, so sends are spread evenly rather than in bursts.
      const phase = setTimeout(() => {
        send(member)
        timers.push(setInterval(() => send(member), options.sendIntervalMs))
      }, Math.random() * options.sendIntervalMs)
      timers.push(phase)
    }
    await new Promise((resolve) => setTimeout(resolve, options.durationMs)) // the run's length
  } finally {
    for (const timer of timers) clearTimeout(timer)
  }
  const expected = sent * (options.clientsPerRoom - 1)
  await waitFor('every delivery', () => delivered >= expected, DRAIN_TIMEOUT_MS).catch(() => {})
  const load = monitor.stop()
  const closes = unexpectedCloses(members)
  await closeMembers(members)
  return { latenciesMs, sent, delivered, expected, load, closes } satisfies FanoutResult
}

export interface SaturatedOptions extends RoomLayout {
  /** Sends a member may have in flight (not yet seen by its peer). */
  window: number
  /** Stays under Parley's 200 messages/s per connection, so neither relay is throttled. */
  maxSendsPerSecond: number
  warmupMs: number
  durationMs: number
}

export interface SaturatedResult extends FanoutResult {
  /** True when members sent at their rate cap: the offered load, not the relay, was the limit. */
  offeredCapReached: boolean
}

export async function runSaturated(
  relay: RelayProcess,
  roomPrefix: string,
  options: SaturatedOptions,
): Promise<SaturatedResult> {
  let measuring = false
  let delivered = 0
  let sent = 0
  const inFlight: number[] = []
  const allowance: number[] = []
  const members = await openMembers(relay, roomPrefix, options, (receiver, sender) => {
    if (measuring) delivered++
    // A member's peer is the next member in its room; the peer's receipt frees a window slot.
    if (peerOf(sender, options) === receiver.index) {
      inFlight[sender] = (inFlight[sender] ?? 1) - 1
      pump(sender)
    }
  })
  const pump = (index: number) => {
    const member = members[index]
    if (member === undefined) return
    while ((inFlight[index] ?? 0) < options.window && (allowance[index] ?? 0) >= 1) {
      member.client.sendUpdate(member.writer.append().update)
      inFlight[index] = (inFlight[index] ?? 0) + 1
      allowance[index] = (allowance[index] ?? 0) - 1
      if (measuring) sent++
    }
  }
  const perTick = (options.maxSendsPerSecond * PUMP_INTERVAL_MS) / 1000
  const ticker = setInterval(() => {
    for (const member of members) {
      allowance[member.index] = Math.min(perTick * 5, (allowance[member.index] ?? 0) + perTick)
      pump(member.index)
    }
  }, PUMP_INTERVAL_MS)
  let load: Load
  try {
    await new Promise((resolve) => setTimeout(resolve, options.warmupMs)) // warm-up, not measured
    measuring = true
    const monitor = startLoadMonitor(relay.pid)
    await new Promise((resolve) => setTimeout(resolve, options.durationMs)) // the measured window
    measuring = false
    load = monitor.stop()
  } finally {
    clearInterval(ticker)
  }
  const closes = unexpectedCloses(members)
  await closeMembers(members)
  const cap = (members.length * options.maxSendsPerSecond * load.wallMs) / 1000
  return {
    latenciesMs: [],
    sent,
    delivered,
    expected: sent * (options.clientsPerRoom - 1),
    load,
    closes,
    offeredCapReached: sent >= cap * 0.95,
  }
}

function peerOf(index: number, layout: RoomLayout): number {
  const room = Math.floor(index / layout.clientsPerRoom)
  return room * layout.clientsPerRoom + ((index + 1) % layout.clientsPerRoom)
}

/** Pools the rounds of one relay: samples and counts add up, CPU is re-derived from the totals. */
export function poolResults<T extends FanoutResult>(rounds: readonly T[]): FanoutResult {
  const wallMs = sum(rounds.map((r) => r.load.wallMs))
  const relayCpuMs = sum(rounds.map((r) => r.load.relayCpuMs))
  const harnessCpuMs = sum(rounds.map((r) => (r.load.harnessCpuPercent / 100) * r.load.wallMs))
  const worst = (pick: (load: Load) => number) => Math.max(...rounds.map((r) => pick(r.load)))
  return {
    latenciesMs: rounds.flatMap((r) => r.latenciesMs),
    sent: sum(rounds.map((r) => r.sent)),
    delivered: sum(rounds.map((r) => r.delivered)),
    expected: sum(rounds.map((r) => r.expected)),
    closes: rounds.flatMap((r) => r.closes),
    load: {
      wallMs,
      relayCpuMs,
      relayCpuPercent: (relayCpuMs / wallMs) * 100,
      harnessCpuPercent: (harnessCpuMs / wallMs) * 100,
      eldP50Ms: worst((l) => l.eldP50Ms),
      eldP99Ms: worst((l) => l.eldP99Ms),
      eldMaxMs: worst((l) => l.eldMaxMs),
      harnessBound: rounds.some((r) => r.load.harnessBound),
      otherCpuPercent: worst((l) => l.otherCpuPercent),
    },
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
