// A flood of updates whose dependencies never arrive, sent from one connection within its rates:
// the relay keeps none of it for long, refuses the sender with a reason, and another room's
// deliveries stay prompt throughout.
import { encodeRefusalsSubscribe, encodeUpdate } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readMetric } from './client.js'
import { handEntry } from './handEncoded.js'
import { openRaw } from './rawSocket.js'
import { bodyOf, createTestSigner } from './signing.js'
import { useRelay } from './useRelay.js'
import { waitFor } from './waitFor.js'

const FLOOD_UPDATES = 2_000
const ENTRY_BYTES = 15 * 1024
const PROBE_INTERVAL_MS = 20

describe('dangling updates', () => {
  const relay = useRelay()

  it('refuses a flood of them while another room keeps its delivery delay low', async () => {
    const sender = relay.connect('probe')
    const receiver = relay.connect('probe')
    await Promise.all([sender.synced(), receiver.synced()])
    const delays: number[] = []
    receiver.doc.getArray('messages').observe((event) => {
      for (const item of event.changes.added) {
        for (const entry of item.content.getContent()) {
          delays.push(performance.now() - (bodyOf(entry) as { sentAt: number }).sentAt)
        }
      }
    })
    let probing = true
    let sent = 0
    const probe = (async () => {
      while (probing && sent < 2_000) {
        sender.append({ sentAt: performance.now() })
        sent++
        await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS))
      }
    })()

    const attacker = await openRaw(relay.url, 'target')
    attacker.send(encodeRefusalsSubscribe())
    // Validly signed, each from an unseen client id: only their dependencies are missing.
    const mallory = createTestSigner()
    const entry = mallory.seal('target', { v: 2, type: 'test', value: 'x'.repeat(ENTRY_BYTES) })
    for (let i = 0; i < FLOOD_UPDATES && attacker.ws.readyState === attacker.ws.OPEN; i++) {
      // Each from an unseen client at clock 5: clocks 0..4 never arrive.
      attacker.send(encodeUpdate(handEntry(1_000 + i, 5, entry)))
    }
    const closed = await attacker.closed
    probing = false
    await probe
    await waitFor(() => delays.length >= sent, 10_000, 'every probe entry')

    expect(closed.code).toBe(4424)
    expect(closed.reason).toMatch(/^missing dependency: /)
    expect(
      await readMetric(relay.port, 'parley_updates_rejected_total{reason="missingDependency"}'),
    ).toBeGreaterThan(0)
    delays.sort((a, b) => a - b)
    // On the relay before this check, the same flood stalled every room for minutes.
    expect(delays.at(-1)).toBeLessThan(1_000)
    // The target room holds none of it: a fresh reader finds it empty.
    const reader = relay.connect('target')
    await reader.synced()
    expect(reader.entries()).toEqual([])
  })

  it('still converges when a client’s updates arrive out of order for a moment', async () => {
    const tab1 = relay.connect('tabs', { durable: true })
    const tab2 = relay.connect('tabs')
    await Promise.all([tab1.synced(), tab2.synced()])
    // tab2 learns tab1's entry directly (as two tabs do over a BroadcastChannel) before the relay
    // does, and appends after it: the relay gets the dependent update first. Applied with the
    // provider as origin, the entry is not sent on by tab2's provider, as with a tab's own channel.
    tab1.provider.disconnect()
    tab1.append('written in tab 1')
    Y.applyUpdate(tab2.doc, Y.encodeStateAsUpdate(tab1.doc), tab2.provider)
    tab2.append('written in tab 2 after it')
    const reader = relay.connect('tabs')
    await reader.synced()
    // The relay asks tab2 for what it lacks, and tab2 has tab1's entry: both arrive with tab1 offline.
    await waitFor(() => reader.entries().length === 2, 10_000, 'both entries')
    expect(reader.entries()).toEqual(['written in tab 1', 'written in tab 2 after it'])
    tab1.provider.connect()
    await tab1.durableNow()
  })
})
