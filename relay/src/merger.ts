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
    const merged = Y.mergeUpdates(updates)
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
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { yjsPath } })
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
