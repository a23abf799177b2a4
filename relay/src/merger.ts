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

export function createMerger(): Merger {
  const yjsPath = createRequire(import.meta.url).resolve('yjs')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { yjsPath } })
  worker.unref()
  const pending = new Map<number, Pending>()
  let nextId = 0
  worker.on('message', (message: { id: number; merged?: Uint8Array; error?: string }) => {
    const request = pending.get(message.id)
    pending.delete(message.id)
    if (message.merged !== undefined) request?.resolve(message.merged)
    else request?.reject(new Error(message.error ?? 'merge failed'))
  })
  worker.on('error', (error) => {
    for (const request of pending.values()) request.reject(error)
    pending.clear()
  })
  return {
    merge(updates) {
      const id = nextId++
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.postMessage({ id, updates })
      })
    },
    async close() {
      await worker.terminate()
    },
  }
}
