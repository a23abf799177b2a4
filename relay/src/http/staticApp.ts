// Serves the built web app. Hashed assets are cached for a year; the HTML shell and the service
// worker are revalidated on every load so a new release reaches people at once.
import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import sirv from 'sirv'

const IMMUTABLE_MAX_AGE_S = 31_536_000

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void

export function createStaticApp(staticDir: string): RequestHandler {
  if (!fs.existsSync(staticDir)) {
    return (_req, res) => {
      res.statusCode = 503
      res.setHeader('Content-Type', 'text/plain; charset=utf-8')
      res.end('The web app is not built. Run `npm run build`, or start Parley with `npm start`.\n')
    }
  }
  // `single` answers every unknown path (like /r/<room>) with index.html: the app routes itself.
  return sirv(staticDir, {
    single: true,
    etag: true,
    dotfiles: false,
    setHeaders(res, pathname) {
      const immutable = pathname.startsWith('/assets/')
      res.setHeader(
        'Cache-Control',
        immutable ? `public, max-age=${IMMUTABLE_MAX_AGE_S}, immutable` : 'no-cache',
      )
    },
  })
}
