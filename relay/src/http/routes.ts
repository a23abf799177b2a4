// The relay's HTTP surface: blobs, health and readiness, metrics, then the app.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Registry } from 'prom-client'
import { BLOB_PATH_PREFIX } from './blobs.js'
import { PUSH_PATH_PREFIX } from './pushRoutes.js'
import { setSecurityHeaders } from './securityHeaders.js'
import type { RequestHandler } from './staticApp.js'

export interface RoutesOptions {
  registry: Registry
  /** What the app reads at /config.json: settings of this relay it cannot know otherwise. */
  appConfig: Record<string, unknown>
  health(): Record<string, unknown> & { ok: boolean }
  app: RequestHandler
  blobs(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** The push API, where the relay sends push notifications. */
  push?(req: IncomingMessage, res: ServerResponse): Promise<void>
}

export function createRoutes(options: RoutesOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    setSecurityHeaders(res)
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path.startsWith(BLOB_PATH_PREFIX)) {
      options.blobs(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end('internal error\n')
      })
      return
    }
    if (path.startsWith(PUSH_PATH_PREFIX) && options.push !== undefined) {
      options.push(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end('internal error\n')
      })
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('method not allowed\n')
      return
    }
    // Liveness answers 200 while the process serves; readiness answers 503 while the relay cannot
    // store (a failing disk), with the reason, so a load balancer sends people elsewhere.
    if (path === '/healthz' || path === '/readyz') {
      const health = options.health()
      res.writeHead(path === '/readyz' && !health.ok ? 503 : 200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
      })
      res.end(JSON.stringify(health))
      return
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify(options.appConfig))
      return
    }
    if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': options.registry.contentType, 'Cache-Control': 'no-store' })
          res.end(text)
        },
        () => {
          res.writeHead(500).end()
        },
      )
      return
    }
    options.app(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n')
    })
  }
}
