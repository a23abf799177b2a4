// Presence in an idle room: every member publishes an awareness state once and then only renews
// it as y-protocols does (its Awareness checks every 3 s and renews a state 15 s old with a clock
// bump and the same state). Counts the awareness frames each member receives per second.
import { decodeAwarenessUpdate, encodeAwarenessEntries } from '@parley/protocol'
import { type LightClient, openLightClient } from './lightClient.js'
import { type ProcessGroup, type RelayProcess, withRelay } from './processes.js'
import { harnessCell, type Row } from './report.js'
import { type Load, startLoadMonitor, waitForQuietMachine } from './stats.js'

/** y-protocols' outdatedTimeout is 30 s; it renews at half of that, checking every tenth. */
const RENEW_AFTER_MS = 15_000
const RENEW_CHECK_MS = 3_000
const PRESENCE_CLIENT_BASE = 3_000
/** Connections opened at once; more would measure the accept queue, not the relay. */
const OPEN_CONCURRENCY = 50
/** After the last join, before counting: the joins' own frames are not what an idle room costs. */
const SETTLE_MS = 1_000

export const PRESENCE_MEMBERS = 200
export const PRESENCE_MEASURE_MS = 30_000
/** Parley merges presence into at most one frame per 500 ms per room. */
const TARGET_FRAMES_PER_CLIENT_PER_SECOND = 2
const QUIET_WAIT_MS = 10_000

export interface PresenceOptions {
  members: number
  measureMs: number
}

export interface PresenceResult {
  members: number
  /** Awareness frames received per member per second while counting. */
  framesPerClientPerSecond: number
  statesPerFrame: number
  bytesPerClientPerSecond: number
  renewals: number
  load: Load
  closes: number
}

interface PresenceMember {
  client: LightClient
  clientId: number
  clock: number
  publishedAt: number
}

export async function runPresence(relay: RelayProcess, room: string, options: PresenceOptions) {
  const counts = { measuring: false, frames: 0, states: 0, bytes: 0, renewals: 0 }
  const onAwareness = (update: Uint8Array) => {
    if (!counts.measuring) return
    counts.frames++
    counts.bytes += update.byteLength
    counts.states += decodeAwarenessUpdate(update).length
  }
  const members: PresenceMember[] = []
  const stops: Array<() => void> = []
  try {
    for (let start = 0; start < options.members; start += OPEN_CONCURRENCY) {
      const batch: Promise<PresenceMember>[] = []
      for (let i = start; i < Math.min(options.members, start + OPEN_CONCURRENCY); i++) {
        batch.push(joinAndPublish(relay.url(room), PRESENCE_CLIENT_BASE + i, onAwareness))
      }
      members.push(...(await Promise.all(batch)))
    }
    for (const member of members)
      stops.push(
        startRenewing(member, () => {
          if (counts.measuring) counts.renewals++
        }),
      )
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS)) // let the joins' frames pass
    counts.measuring = true
    const monitor = startLoadMonitor(relay.pid)
    await new Promise((resolve) => setTimeout(resolve, options.measureMs)) // the counted window
    counts.measuring = false
    const load = monitor.stop()
    const perClientSecond = members.length * (load.wallMs / 1000)
    return {
      members: members.length,
      framesPerClientPerSecond: counts.frames / perClientSecond,
      statesPerFrame: counts.states / Math.max(1, counts.frames),
      bytesPerClientPerSecond: counts.bytes / perClientSecond,
      renewals: counts.renewals,
      load,
      closes: members.filter((member) => member.client.closeCode !== null).length,
    } satisfies PresenceResult
  } finally {
    for (const stop of stops) stop()
    await Promise.all(members.map((member) => member.client.close()))
  }
}

async function joinAndPublish(url: string, clientId: number, onAwareness: (update: Uint8Array) => void) {
  const client = await openLightClient(url, { onAwareness })
  const member: PresenceMember = { client, clientId, clock: 1, publishedAt: 0 }
  publish(member)
  return member
}

/**
 * y-protocols' check, with a random phase for both the check and the state's age: members of a
 * real room joined at different times, so their renewals are spread, not in step. Returns a stop.
 */
function startRenewing(member: PresenceMember, onRenew: () => void): () => void {
  const check = () => {
    if (performance.now() - member.publishedAt < RENEW_AFTER_MS) return
    member.clock++
    publish(member)
    onRenew()
  }
  member.publishedAt -= Math.random() * RENEW_AFTER_MS
  let interval: NodeJS.Timeout | undefined
  const phase = setTimeout(() => {
    interval = setInterval(check, RENEW_CHECK_MS)
  }, Math.random() * RENEW_CHECK_MS)
  return () => {
    clearTimeout(phase)
    clearInterval(interval)
  }
}

function publish(member: PresenceMember): void {
  const state = {
    user: { name: `member ${member.clientId}`, color: colorOf(member.clientId) },
    typing: false,
  }
  const json = JSON.stringify(state)
  member.client.sendAwareness(
    encodeAwarenessEntries([{ clientId: member.clientId, clock: member.clock, json }]),
  )
  member.publishedAt = performance.now()
}

function colorOf(clientId: number): string {
  return `#${((clientId * 2_654_435_761) % 0xffffff).toString(16).padStart(6, '0')}`
}

export async function runPresenceBoth(group: ProcessGroup, progress: (message: string) => void) {
  const options = { members: PRESENCE_MEMBERS, measureMs: PRESENCE_MEASURE_MS }
  const results = new Map<'parley' | 'reference', PresenceResult>()
  for (const kind of ['parley', 'reference'] as const) {
    await waitForQuietMachine(QUIET_WAIT_MS)
    progress(`presence: ${kind}, ${options.members} members, ${options.measureMs / 1000} s`)
    results.set(kind, await withRelay(group, kind, (relay) => runPresence(relay, 'presence', options)))
  }
  const parley = results.get('parley')
  const reference = results.get('reference')
  if (parley === undefined || reference === undefined) throw new Error('presence results missing')
  return { parley, reference }
}

export function presenceRows(figures: { parley: PresenceResult; reference: PresenceResult }): Row[] {
  const { parley: p, reference: r } = figures
  const met = p.framesPerClientPerSecond <= TARGET_FRAMES_PER_CLIENT_PER_SECOND ? 'met' : 'MISSED'
  return [
    {
      label: 'awareness frames per client per second',
      parley: p.framesPerClientPerSecond,
      reference: r.framesPerClientPerSecond,
      better: 'lower',
      note: `target parley <= ${TARGET_FRAMES_PER_CLIENT_PER_SECOND}: ${met}`,
    },
    {
      label: '  awareness bytes per client per second',
      parley: p.bytesPerClientPerSecond,
      reference: r.bytesPerClientPerSecond,
      better: 'lower',
    },
    { label: '  states per frame', parley: p.statesPerFrame, reference: r.statesPerFrame, better: null },
    {
      label: '  renewals sent while counting',
      parley: p.renewals,
      reference: r.renewals,
      better: null,
      note: 'each member renews every 15-18 s, as y-protocols',
    },
    {
      label: '  relay CPU (% of a core)',
      parley: p.load.relayCpuPercent,
      reference: r.load.relayCpuPercent,
      better: 'lower',
    },
    {
      label: '  harness CPU / loop p99 ms / other CPU',
      parley: harnessCell(p.load),
      reference: harnessCell(r.load),
      better: null,
    },
    {
      label: '  members closed by the relay',
      parley: String(p.closes),
      reference: String(r.closes),
      better: null,
    },
  ]
}
