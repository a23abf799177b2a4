// Blob API requests at the level the limits work at: raw node:http, so a test chooses the source
// address, whether the length is declared, and when each chunk of a body is sent.
import { createHash } from 'node:crypto'
import http from 'node:http'

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

export interface BlobResponse {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

export interface PutOptions {
  type?: string
  /** Source address: any 127.x.y.z reaches a relay on 127.0.0.1, as another client. */
  localAddress?: string
}

/** Reads a whole response; errors after it arrived (the relay closed mid-upload) are expected. */
function responseOf(req: http.ClientRequest): Promise<BlobResponse> {
  return new Promise((resolve, reject) => {
    let answered = false
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    req.on('response', (res) => {
      answered = true
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      res.on('error', reject)
    })
  })
}

/** A PUT with its Content-Length declared and its whole body in one write. */
export function putBlob(port: number, hash: string, body: Uint8Array, options: PutOptions = {}) {
  const req = http.request({
    host: '127.0.0.1',
    port,
    path: `/blobs/${hash}`,
    method: 'PUT',
    localAddress: options.localAddress,
    headers: {
      'Content-Type': options.type ?? 'application/octet-stream',
      'Content-Length': body.byteLength,
    },
  })
  const response = responseOf(req)
  req.end(body)
  return response
}

export interface StreamedPut {
  /** Sends one chunk; resolves once it is handed to the socket. */
  write(chunk: Uint8Array): Promise<void>
  end(): void
  /** Drops the connection mid-body, as a client that goes away would. */
  abort(): void
  readonly response: Promise<BlobResponse>
}

/**
 * A PUT whose headers go at once and whose body is sent as the test says: with `length`, that
 * Content-Length is declared; without, the body is chunked, its length unknown until it ends.
 */
export function startPut(
  port: number,
  hash: string,
  options: PutOptions & { length?: number } = {},
): StreamedPut {
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': options.type ?? 'application/octet-stream' }
  if (options.length !== undefined) headers['Content-Length'] = options.length
  const req = http.request({
    host: '127.0.0.1',
    port,
    path: `/blobs/${hash}`,
    method: 'PUT',
    localAddress: options.localAddress,
    headers,
  })
  const response = responseOf(req)
  // An aborted upload never gets an answer; that rejection is the point, not a failure.
  response.catch(() => {})
  req.flushHeaders()
  return {
    write: (chunk) =>
      new Promise((resolve, reject) => req.write(chunk, (error) => (error ? reject(error) : resolve()))),
    end: () => req.end(),
    abort: () => req.destroy(),
    response,
  }
}
