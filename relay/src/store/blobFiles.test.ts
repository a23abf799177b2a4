// What only the file backend can show: the layout on disk, temporary files and the usage scan.
// The behaviour every backend shares is in blobContract.ts.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { chunks, LIMITS, sha256 } from './blobContract.js'
import { BLOB_HEADER_BYTES, decodeBlobHeader, encodeBlobHeader } from './blobFileFormat.js'
import { openBlobFiles } from './blobFiles.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-blobs-'))
  dirs.push(dir)
  return path.join(dir, 'blobs')
}

const tempFiles = (root: string) => fs.readdirSync(path.join(root, 'tmp'))
const data = new TextEncoder().encode('a photo, say')

describe('blob files', () => {
  it('keeps a blob at <root>/<two hex>/<hash>: a header naming its type, then its bytes', async () => {
    const root = tempRoot()
    const files = openBlobFiles(root)
    const hash = sha256(data)
    await files.putBlob(hash, 'image/jpeg', chunks(data), LIMITS)
    const file = fs.readFileSync(path.join(root, hash.slice(0, 2), hash))
    expect(file.byteLength).toBe(BLOB_HEADER_BYTES + data.byteLength)
    expect(JSON.parse(file.toString('utf8').split('\n')[0] ?? '')).toEqual({
      format: 'parley-blob',
      version: 1,
      type: 'image/jpeg',
    })
    expect(new Uint8Array(file.subarray(BLOB_HEADER_BYTES))).toEqual(data)
    expect(tempFiles(root)).toEqual([])
  })

  it('leaves no temporary file behind, whatever the outcome', async () => {
    const root = tempRoot()
    const files = openBlobFiles(root)
    const hash = sha256(data)
    await files.putBlob(hash, 'text/plain', chunks(data), { ...LIMITS, maxBytes: 5 })
    await files.putBlob(sha256(new Uint8Array([1])), 'text/plain', chunks(data), LIMITS)
    await files.putBlob(hash, 'text/plain', chunks(data), { ...LIMITS, maxTotalBytes: 5 })
    async function* failing() {
      yield data
      throw new Error('aborted')
    }
    await expect(files.putBlob(hash, 'text/plain', failing(), LIMITS)).rejects.toThrow('aborted')
    expect(tempFiles(root)).toEqual([])
    expect(fs.readdirSync(root)).toEqual(['tmp'])
  })

  it('removes temporary files left by a relay that stopped mid-upload, and counts usage from disk', async () => {
    const root = tempRoot()
    const first = openBlobFiles(root)
    await first.putBlob(sha256(data), 'text/plain', chunks(data), LIMITS)
    first.importSync(sha256(new Uint8Array(1000)), 'application/pdf', new Uint8Array(1000))
    fs.writeFileSync(path.join(root, 'tmp', `${sha256(data)}.left-over`), 'half an upload')
    const reopened = openBlobFiles(root)
    expect(tempFiles(root)).toEqual([])
    expect(reopened.usage()).toEqual({ bytes: data.byteLength + 1000, count: 2 })
    expect(await reopened.openBlob(sha256(new Uint8Array(1000)))).toMatchObject({
      type: 'application/pdf',
      size: 1000,
    })
  })

  it('names no file for anything but a hash', async () => {
    const files = openBlobFiles(tempRoot())
    await expect(files.openBlob('../rooms.sqlite3')).rejects.toThrow('not a blob hash')
    await expect(files.hasBlob('A'.repeat(64))).rejects.toThrow('not a blob hash')
    await expect(files.putBlob('..', 'text/plain', chunks(data), LIMITS)).rejects.toThrow('not a blob hash')
  })

  it('refuses to read a file that is not a blob of this format', () => {
    expect(decodeBlobHeader(encodeBlobHeader('image/png'))).toBe('image/png')
    expect(() => decodeBlobHeader(Buffer.alloc(BLOB_HEADER_BYTES, ' '))).toThrow('bad header')
    expect(() => decodeBlobHeader(encodeBlobHeader('image/png').subarray(0, 100))).toThrow('bad header')
    expect(() => encodeBlobHeader('x'.repeat(600))).toThrow('too long')
  })
})
