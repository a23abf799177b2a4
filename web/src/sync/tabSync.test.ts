import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openTabSync, type TabSync } from './tabSync'

const TIMEOUT_MS = 2000

async function waitUntil(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

function docWith(...values: string[]): Y.Doc {
  const doc = new Y.Doc()
  doc.getArray<string>('messages').push(values)
  return doc
}

const sorted = (doc: Y.Doc) => doc.getArray<string>('messages').toArray().sort()

describe('openTabSync', () => {
  it('brings two tabs with different histories to the same log, both ways', async () => {
    const channel = `tab-sync-test-${Math.random()}`
    const a = docWith('a1', 'a2')
    const b = docWith('b1')
    const syncs: TabSync[] = [openTabSync(a, channel, 'provider-a')]
    try {
      syncs.push(openTabSync(b, channel, 'provider-b'))
      await waitUntil(() => sorted(a).length === 3 && sorted(b).length === 3)
      expect(sorted(a)).toEqual(['a1', 'a2', 'b1'])
      expect(sorted(b)).toEqual(sorted(a))
      a.getArray<string>('messages').push(['a3'])
      await waitUntil(() => sorted(b).includes('a3'))
    } finally {
      for (const sync of syncs) sync.close()
    }
  })

  it('applies what other tabs send with the given origin, so the provider does not resend it', async () => {
    const channel = `tab-sync-test-${Math.random()}`
    const a = docWith('a1')
    const b = new Y.Doc()
    const origins: unknown[] = []
    b.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin))
    const syncs = [openTabSync(a, channel, 'provider-a'), openTabSync(b, channel, 'provider-b')]
    try {
      await waitUntil(() => sorted(b).length === 1)
      expect(new Set(origins)).toEqual(new Set(['provider-b']))
    } finally {
      for (const sync of syncs) sync.close()
    }
  })
})
