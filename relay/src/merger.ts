// Merges a room's stored updates into one snapshot on a worker thread, so compacting a big room
// never stalls the relay's event loop (a 100k-entry room takes seconds to merge).
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export type MergeUpdates = (updates: Uint8Array[]) => Promise<Uint8Array>

export interface Merger {
  merge: MergeUpdates
  close(): Promise<void>
}

// The worker is plain CommonJS evaluated from a string: it loads the same yjs as the relay and
// works the same from TypeScript sources (tests) and from the build.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Y = require(workerData.yjsPath)
parentPort.on('message', ({ id, updates }) => {
  try {
    // Not Y.mergeUpdates, nor one transaction for all: both concatenate the arrays of a client's
    // adjacent entries over and over, and 40k single-entry updates of one writer ran them out of
    // heap. Applied one by one, each entry joins the one before it once; 100k take ~45 s here.
    const doc = new Y.Doc({ gc: false })
    for (const update of updates) Y.applyUpdate(doc, update)
    // Whatever could not be integrated (a missing dependency) is kept, as mergeUpdates would.
    const parts = [Y.encodeStateAsUpdate(doc)]
    if (doc.store.pendingStructs) parts.push(doc.store.pendingStructs.update)
    if (doc.store.pendingDs) parts.push(doc.store.pendingDs)
    const merged = parts.length === 1 ? parts[0] : Y.mergeUpdates(parts)
    doc.destroy()
    parentPort.postMessage({ id, merged }, [merged.buffer])
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) })
  }
})
`

interface Pending {
  resolve(merged: Uint8Array): void
  reject(error: Error): void
}

/** Heap for a merge: a 100k-entry room needs ~250 MiB. */
const WORKER_HEAP_MB = 1_024
/** A worker costs ~10 MiB of RSS: it is started on the first merge and ended once idle this long. */
const WORKER_IDLE_MS = 10_000

export function createMerger(): Merger {
  const yjsPath = createRequire(import.meta.url).resolve('yjs')
  const pending = new Map<number, Pending>()
  let worker: Worker | null = null
  let idleTimer: NodeJS.Timeout | null = null
  let nextId = 0

  const settle = (message: { id: number; merged?: Uint8Array; error?: string }) => {
    const request = pending.get(message.id)
    pending.delete(message.id)
    if (message.merged !== undefined) request?.resolve(message.merged)
    else request?.reject(new Error(message.error ?? 'merge failed'))
    if (pending.size === 0) idleTimer = setTimeout(stop, WORKER_IDLE_MS).unref()
  }

  const start = (): Worker => {
    // A merge that runs out of heap ends this worker and fails that compaction, not the relay.
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { yjsPath },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    })
    started.unref()
    started.on('message', settle)
    started.on('error', (error) => {
      for (const request of pending.values()) request.reject(error)
      pending.clear()
      worker = null
    })
    return started
  }

  const stop = async () => {
    const running = worker
    worker = null
    await running?.terminate()
  }

  return {
    merge(updates) {
      if (idleTimer !== null) clearTimeout(idleTimer)
      idleTimer = null
      worker ??= start()
      const id = nextId++
      const target = worker
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        target.postMessage({ id, updates })
      })
    },
    async close() {
      if (idleTimer !== null) clearTimeout(idleTimer)
      await stop()
    },
  }
}
