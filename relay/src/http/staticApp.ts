// Serves the built web app. Hashed assets are cached for a year; the HTML shell and the service
// worker are revalidated on every load so a new release reaches people at once.
import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import serveStatic from 'serve-static'

const IMMUTABLE_MAX_AGE_S = 31_536_000
const SHELL = '/index.html'

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void

/** App routes such as /r/<room> have no file extension; they all get the shell. */
function isAppRoute(path: string): boolean {
  return !path.startsWith('/assets/') && !/\.[a-z0-9]+$/i.test(path)
}

export function createStaticApp(staticDir: string): RequestHandler {
  if (!fs.existsSync(staticDir)) {
    return (_req, res) => {
      res.statusCode = 503
      res.setHeader('Content-Type', 'text/plain; charset=utf-8')
      res.end('The web app is not built. Run `npm run build`, or start Parley with `npm start`.\n')
    }
  }
  const serve = serveStatic(staticDir, {
    index: ['index.html'],
    dotfiles: 'ignore',
    redirect: false,
    setHeaders(res, filePath) {
      const immutable = filePath.includes(`${staticDir.replace(/\/$/, '')}/assets/`)
      res.setHeader(
        'Cache-Control',
        immutable ? `public, max-age=${IMMUTABLE_MAX_AGE_S}, immutable` : 'no-cache',
      )
    },
  })
  return (req, res, next) => {
    // serve-static answers read errors (a file removed by a rebuild, say) by calling back; it never throws.
    const notFound = (error?: unknown) => {
      if (error !== undefined && !res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('could not read the file\n')
        return
      }
      next()
    }
    serve(req, res, (error?: unknown) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      if (error !== undefined || !isAppRoute(path)) return notFound(error)
      req.url = SHELL
      serve(req, res, notFound)
    })
  }
}
