// A short plain-text answer that is never cached: refusals and acknowledgements.
import type { ServerResponse } from 'node:http'

export function replyText(res: ServerResponse, status: number, message: string, close = false) {
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  }
  // `close` is for answers sent before the whole request body arrived: closing is cheaper than
  // reading the rest.
  if (close) headers.Connection = 'close'
  res.writeHead(status, headers)
  res.end(`${message}\n`)
}
