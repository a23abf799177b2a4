// Samples a process's VmRSS on a worker thread. A saturated run keeps the harness's own event loop
// busy for tens of milliseconds at a time; timers there would skip exactly the moments a peak
// happens, while a worker has a loop of its own.
import { Worker } from 'node:worker_threads'
import { withTimeout } from './stats.js'

const STOP_TIMEOUT_MS = 5_000

/** Worker source as plain CommonJS, so it runs the same from TypeScript sources and under tsx. */
const WORKER_SOURCE = `
const fs = require('node:fs')
const { parentPort, workerData } = require('node:worker_threads')
let peakKiB = 0, samples = 0, failures = 0, last = performance.now(), maxGapMs = 0
const sample = () => {
  const now = performance.now()
  maxGapMs = Math.max(maxGapMs, now - last)
  last = now
  try {
    const match = /^VmRSS:\\s+(\\d+)\\s+kB/m.exec(fs.readFileSync('/proc/' + workerData.pid + '/status', 'utf8'))
    if (match) { peakKiB = Math.max(peakKiB, Number(match[1])); samples++ }
  } catch { failures++ }
}
sample()
const timer = setInterval(sample, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  sample()
  parentPort.postMessage({ peakKiB, samples, failures, maxGapMs })
  parentPort.close()
})
`

export interface RssPeak {
  peakMiB: number
  samples: number
  /** Samples that could not be read (the process had exited). */
  failures: number
  /** The longest time between two samples: a peak shorter than this may have been missed. */
  maxGapMs: number
}

export interface RssSampler {
  stop(): Promise<RssPeak>
}

export function startRssSampler(pid: number, intervalMs: number): RssSampler {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pid, intervalMs } })
  const result = new Promise<RssPeak>((resolve, reject) => {
    worker.once(
      'message',
      (message: { peakKiB: number; samples: number; failures: number; maxGapMs: number }) =>
        resolve({
          peakMiB: message.peakKiB / 1024,
          samples: message.samples,
          failures: message.failures,
          maxGapMs: message.maxGapMs,
        }),
    )
    worker.once('error', reject)
  })
  return {
    async stop() {
      worker.postMessage('stop')
      try {
        return await withTimeout('the RSS sampler to report', result, STOP_TIMEOUT_MS)
      } finally {
        await worker.terminate()
      }
    },
  }
}
