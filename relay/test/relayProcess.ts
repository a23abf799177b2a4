// Starts the real relay (relay/src/main.ts) as a child process on a free port, for integration
// tests and anyone else who needs one. The caller always stops it.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { waitFor } from './waitFor.js'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MAIN = path.join(REPO_ROOT, 'relay/src/main.ts')
const START_TIMEOUT_MS = 20_000

export interface RelayProcess {
  readonly port: number
  readonly url: string
  readonly dataDir: string
  readonly child: ChildProcess
  /** Parsed pino lines the relay has logged so far. */
  readonly logs: Array<Record<string, unknown>>
  /** SIGTERM, then wait for exit; returns the exit code. */
  stop(): Promise<number | null>
  /** SIGKILL the relay process itself, then wait for it to be gone. */
  kill(): Promise<void>
}

export interface StartOptions {
  dataDir?: string
  port?: number
  args?: string[]
}

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'parley-relay-'))
}

export async function startRelay(options: StartOptions = {}): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? makeDataDir()
  const args = [
    '--conditions=parley-source',
    '--import',
    'tsx',
    MAIN,
    '--port',
    String(options.port ?? 0),
    '--data-dir',
    dataDir,
  ]
  const child = spawn(process.execPath, [...args, '--log-level', 'info', ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: Array<Record<string, unknown>> = []
  let stderr = ''
  let buffered = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>)
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  // A safety net: if the test process ends without stopping this relay (a timed-out test), the
  // relay goes with it instead of outliving the run.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  void exited.then(() => process.off('exit', killOnExit))
  const listening = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`relay exited with ${child.exitCode}: ${stderr}`)
      return logs.find((line) => line.msg === 'listening')
    },
    START_TIMEOUT_MS,
    'relay to listen',
  )
  const port = listening.port as number
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    dataDir,
    child,
    logs,
    async stop() {
      child.kill('SIGTERM')
      return exited
    },
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
  }
}
