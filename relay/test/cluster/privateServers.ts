// PostgreSQL and Redis servers of a test's own, on free ports, for tests that stop and start
// them: the machine's shared servers are never disturbed. PostgreSQL runs as the postgres user
// (initdb refuses root), from a temporary data directory it owns.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { waitFor } from '../waitFor.js'

const run = promisify(execFile)
const START_TIMEOUT_MS = 30_000

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function postgresBin(tool: string): string {
  const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
  const version = versions[0]
  if (version === undefined) throw new Error('no PostgreSQL under /usr/lib/postgresql')
  return path.join('/usr/lib/postgresql', version, 'bin', tool)
}

const asPostgres = (tool: string, args: string[]) =>
  run('runuser', ['-u', 'postgres', '--', postgresBin(tool), ...args], { timeout: START_TIMEOUT_MS })

export interface PrivatePostgres {
  readonly url: string
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pg-'))
  const data = path.join(dir, 'data')
  fs.chmodSync(dir, 0o755)
  await run('chown', ['postgres:postgres', dir])
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start'])
  }
  const stop = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
  }
  await start()
  let running = true
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await stop()
      running = false
    },
    async start() {
      await start()
      running = true
    },
    async destroy() {
      if (running) await stop().catch(() => {})
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface PrivateRedis {
  readonly url: string
  /** Kills it (SIGKILL): everything it held is gone. */
  stop(): Promise<void>
  /** Starts a new one on the same port. */
  start(): Promise<void>
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess | null = null
  const start = async () => {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    child = started
    let output = ''
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const killOnExit = () => started.kill('SIGKILL')
    process.once('exit', killOnExit)
    started.once('exit', () => process.off('exit', killOnExit))
    await waitFor(() => output.includes('Ready to accept connections'), START_TIMEOUT_MS, 'redis to start')
  }
  const stop = async () => {
    const running = child
    child = null
    if (running === null || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
  }
}
