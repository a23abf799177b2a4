// The two relays as child processes of the bench: each bound to 127.0.0.1 with its own temp data
// dir, started from `node` directly so /proc/<pid> is the relay itself. A group tracks every child
// so an exit, an error or Ctrl-C kills them all.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { withTimeout } from './stats.js'

const READY_TIMEOUT_MS = 15_000
const STOP_TIMEOUT_MS = 15_000
const STDERR_KEEP_CHARS = 4_000
const EXIT_STDERR_LINES = 3
const EXIT_STDERR_CHARS = 400

/** parley: relay/dist/main.js; reference: @y/websocket-server in memory; referencePersist: with y-leveldb. */
export type RelayKind = 'parley' | 'reference' | 'referencePersist'

export interface RelaySpec {
  kind: RelayKind
  dataDir: string
  /** Further flags for a Parley relay (cluster mode, limits). */
  args?: string[]
}

export interface RelayProcess {
  readonly spec: RelaySpec
  readonly pid: number
  readonly port: number
  url(room: string): string
  /** Resolves once the relay has logged `msg` (a pino message) `count` times in total. */
  waitForLog(msg: string, count: number, timeoutMs: number): Promise<void>
  logCount(msg: string): number
  /** How the process ended ("exit code 1: <stderr tail>", "signal SIGABRT: ..."), or null while it runs. */
  exitStatus(): string | null
  /** Sends `signal` and resolves when the process has exited. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>
}

export interface ProcessGroup {
  start(spec: RelaySpec): Promise<RelayProcess>
  tempDir(label: string): string
  /** Kills every child still running (synchronously, for exit handlers) and removes temp dirs. */
  killAll(): void
}

export interface RelayPaths {
  parleyMain: string
  referenceServer: string
  idleUnloadMs: number
}

export function createProcessGroup(paths: RelayPaths): ProcessGroup {
  const children = new Set<ChildProcess>()
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'))
  let dirs = 0

  const start = async (spec: RelaySpec): Promise<RelayProcess> => {
    const port = spec.kind === 'parley' ? 0 : await freePort()
    const child =
      spec.kind === 'parley'
        ? spawn(process.execPath, [...parleyArgs(paths, spec.dataDir), ...(spec.args ?? [])], {
            stdio: ['ignore', 'pipe', 'pipe'],
          })
        : spawn(process.execPath, [...relayNodeArgs(), paths.referenceServer], {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: referenceEnv(spec, port),
          })
    children.add(child)
    child.once('exit', () => children.delete(child))
    return watch(spec, child, port)
  }

  return {
    start,
    tempDir(label) {
      dirs++
      const dir = path.join(root, `${label}-${dirs}`)
      fs.mkdirSync(dir, { recursive: true })
      return dir
    },
    killAll() {
      for (const child of children) child.kill('SIGKILL')
      children.clear()
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}

/** Starts a fresh relay of `kind` on a fresh data dir, runs `body`, and stops it. */
export async function withRelay<T>(
  group: ProcessGroup,
  kind: RelayKind,
  body: (relay: RelayProcess) => Promise<T>,
): Promise<T> {
  const relay = await group.start({ kind, dataDir: group.tempDir(kind) })
  try {
    return await body(relay)
  } finally {
    await relay.stop('SIGTERM')
  }
}

/**
 * Node flags for the relays (both kinds), to look inside them: `PARLEY_RELAY_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof"` profiles each (Node refuses --cpu-prof in NODE_OPTIONS).
 */
function relayNodeArgs(): string[] {
  return (process.env.PARLEY_RELAY_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '')
}

function parleyArgs(paths: RelayPaths, dataDir: string): string[] {
  return [
    ...relayNodeArgs(),
    paths.parleyMain,
    ...['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir],
    ...['--log-level', 'info', '--idle-unload-ms', String(paths.idleUnloadMs)],
  ]
}

function referenceEnv(spec: RelaySpec, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port) }
  delete env.YPERSISTENCE
  if (spec.kind === 'referencePersist') env.YPERSISTENCE = path.join(spec.dataDir, 'leveldb')
  return env
}

/** Reads the child's stdout line by line: the readiness line, then pino messages to count. */
function watch(spec: RelaySpec, child: ChildProcess, chosenPort: number): Promise<RelayProcess> {
  const counts = new Map<string, number>()
  const waiters = new Set<() => void>()
  let stderr = ''
  let exited = false
  let ending: string | null = null
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      ending = signal === null ? `exit code ${code}` : `signal ${signal}`
      resolve()
    }),
  )
  void exit.then(() => {
    exited = true
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_KEEP_CHARS)
  })
  const ready = new Promise<number>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.on('line', (line) => {
      if (line.startsWith('running at ')) resolve(chosenPort)
      const parsed = parseJsonLine(line)
      if (parsed === null) return
      if (parsed.msg === 'listening' && typeof parsed.port === 'number') resolve(parsed.port)
      if (typeof parsed.msg === 'string') counts.set(parsed.msg, (counts.get(parsed.msg) ?? 0) + 1)
      for (const waiter of waiters) waiter()
    })
    void exit.then(() => reject(new Error(`${spec.kind} exited before listening: ${stderr}`)))
  })
  return withTimeout(`${spec.kind} to listen`, ready, READY_TIMEOUT_MS).then((port) => ({
    spec,
    pid: child.pid ?? -1,
    port,
    url: (room) => `ws://127.0.0.1:${port}/${room}`,
    logCount: (msg) => counts.get(msg) ?? 0,
    // stderr may still be arriving when 'exit' fires, so it is read when asked.
    exitStatus: () => (ending === null ? null : `${ending}: ${lastLines(stderr)}`),
    waitForLog(msg, count, timeoutMs) {
      let check = () => {}
      const reached = new Promise<void>((resolve) => {
        check = () => {
          if ((counts.get(msg) ?? 0) >= count) resolve()
        }
        waiters.add(check)
        check()
      })
      return withTimeout(`${count} "${msg}" log lines`, reached, timeoutMs).finally(() =>
        waiters.delete(check),
      )
    },
    async stop(signal) {
      if (exited) return
      child.kill(signal)
      await withTimeout(`${spec.kind} to exit on ${signal}`, exit, STOP_TIMEOUT_MS).catch(
        (error: unknown) => {
          child.kill('SIGKILL')
          throw error
        },
      )
    },
  }))
}

/** A crashed relay's fatal error line if it printed one (V8 prints one on OOM), and its last lines. */
function lastLines(text: string): string {
  const lines = text.trim().split('\n')
  const fatal = lines.find((line) => /FATAL ERROR|^\w*Error\b/.test(line))
  const tail = lines.slice(-EXIT_STDERR_LINES)
  const picked = fatal === undefined || tail.includes(fatal) ? tail : [fatal, '...', ...tail]
  return picked.join(' | ').slice(0, EXIT_STDERR_CHARS) || '(no stderr)'
}

function parseJsonLine(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return null
  }
}

/** A port free on 127.0.0.1 right now, for the reference, which cannot report the one it got. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
