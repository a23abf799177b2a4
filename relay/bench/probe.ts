// A probe room: one light client appends an entry every PROBE_INTERVAL_MS, another measures how
// long each takes to arrive (send time carried in the entry). It shows what other work on the
// relay, such as a flood in another room, costs an ordinary conversation.
import { SYNC_UPDATE } from '@parley/protocol'
import { createEntryWriter, firstEntryTs } from './entries.js'
import { openLightClient } from './lightClient.js'
import type { RelayProcess } from './processes.js'
import { type Load, nowMs, startLoadMonitor, waitFor } from './stats.js'

const PROBE_INTERVAL_MS = 20
/** After the last send, how long stragglers may take before they count as undelivered. */
const PROBE_DRAIN_MS = 5_000
const PROBE_WRITER_CLIENT = 900_000

export interface ProbeResult {
  latenciesMs: number[]
  sent: number
  delivered: number
  load: Load
}

export interface Probe {
  /** Stops sending, waits (bounded) for what is in flight, closes both clients. */
  stop(): Promise<ProbeResult>
}

export async function startProbe(relay: RelayProcess, room: string): Promise<Probe> {
  const writer = createEntryWriter(PROBE_WRITER_CLIENT, room)
  const latenciesMs: number[] = []
  const sender = await openLightClient(relay.url(room), { doc: writer.doc })
  const receiver = await openLightClient(relay.url(room), {
    onUpdate: (update, syncType) => {
      if (syncType !== SYNC_UPDATE) return
      const ts = firstEntryTs(update)
      if (ts !== null) latenciesMs.push(nowMs() - ts)
    },
  })
  const monitor = startLoadMonitor(relay.pid)
  let sent = 0
  const timer = setInterval(() => {
    sender.sendUpdate(writer.append().update)
    sent++
  }, PROBE_INTERVAL_MS)
  return {
    async stop() {
      clearInterval(timer)
      await waitFor('probe deliveries', () => latenciesMs.length >= sent, PROBE_DRAIN_MS).catch(() => {})
      const load = monitor.stop()
      await Promise.all([sender.close(), receiver.close()])
      return { latenciesMs, sent, delivered: latenciesMs.length, load }
    },
  }
}
