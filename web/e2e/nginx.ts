// A real nginx (Debian's package) in front of relays, configured by deploy/nginx.conf itself: the
// test substitutes only its ports and certificate paths (a self-signed certificate made with
// openssl), so the shipped file is what the browser goes through.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const SITE_CONFIG = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url))
const NGINX = '/usr/sbin/nginx'
const START_TIMEOUT_MS = 10_000

export interface Nginx {
  /** https://127.0.0.1:<port> */
  readonly origin: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Replaces `from` in `text`, failing when it is not there: the shipped file changed shape. */
function substitute(text: string, from: string | RegExp, to: string): string {
  const replaced = text.replace(from, to)
  if (replaced === text) throw new Error(`deploy/nginx.conf no longer contains ${String(from)}`)
  return replaced
}

export async function startNginx(relayPorts: [number, number]): Promise<Nginx> {
  if (!fs.existsSync(NGINX)) throw new Error(`${NGINX} is missing: install Debian's nginx (bash .ci/run)`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-nginx-'))
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    path.join(dir, 'key.pem'),
    '-out',
    path.join(dir, 'cert.pem'),
  ])
  const [httpsPort, httpPort] = [await freePort(), await freePort()]
  let site = fs.readFileSync(SITE_CONFIG, 'utf8')
  site = substitute(site, 'server 127.0.0.1:8081', `server 127.0.0.1:${relayPorts[0]}`)
  site = substitute(site, 'server 127.0.0.1:8082', `server 127.0.0.1:${relayPorts[1]}`)
  site = substitute(site, 'listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`)
  site = substitute(site, 'listen 80;', `listen 127.0.0.1:${httpPort};`)
  site = substitute(site, /ssl_certificate\s+\S+;/, `ssl_certificate ${path.join(dir, 'cert.pem')};`)
  site = substitute(site, /ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${path.join(dir, 'key.pem')};`)
  fs.writeFileSync(path.join(dir, 'parley.conf'), site)
  // `user root`: workers write proxy buffers under this private directory, which only root may enter.
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `user root;
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include /etc/nginx/mime.types;
  include ${dir}/parley.conf;
}
`,
  )
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const stop = async () => {
    process.off('exit', killOnExit)
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + START_TIMEOUT_MS
  while (!(await accepts(httpsPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`nginx did not start: ${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { origin: `https://127.0.0.1:${httpsPort}`, stop }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
