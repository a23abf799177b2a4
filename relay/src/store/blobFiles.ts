// Blobs as content-addressed files beside the rooms' database (layout in blobFileFormat.ts). An
// upload streams into a temporary file, hashed and counted as it is written, and is linked into
// place only once verified and fsynced, so a blob file is always whole and right. While serving,
// every disk operation is async: writes and fsyncs run on libuv's thread pool, never blocking the
// event loop. Opening (cleanup, the usage scan) is synchronous, before the relay listens.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import fsp, { type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { BLOB_HASH } from '@parley/protocol'
import {
  BLOB_HEADER_BYTES,
  BLOB_SHARD,
  blobPath,
  decodeBlobHeader,
  encodeBlobHeader,
  TEMP_DIR_NAME,
} from './blobFileFormat.js'
import { createBlobLedger, type Received, receiveBlob } from './blobIntake.js'
import type { BlobStore, BlobUsage } from './types.js'

export interface BlobFiles extends BlobStore {
  /** Stores a blob already known to be good, synchronously: for moving old blobs in at open. */
  importSync(hash: string, type: string, data: Uint8Array): void
}

export function openBlobFiles(root: string): BlobFiles {
  const tempDir = path.join(root, TEMP_DIR_NAME)
  fs.mkdirSync(root, { recursive: true })
  // What is left here are uploads the relay stopped in the middle of: none of them is a blob.
  fs.rmSync(tempDir, { recursive: true, force: true })
  fs.mkdirSync(tempDir)
  const ledger = createBlobLedger(scanUsage(root))
  const tempPath = (hash: string) => path.join(tempDir, `${hash}.${randomUUID()}`)

  return {
    async putBlob(hash, type, body, limits) {
      const target = blobPath(root, hash)
      const header = encodeBlobHeader(type)
      if (await exists(target)) return { result: 'existing' }
      const temp = tempPath(hash)
      try {
        const received = await writeTemp(temp, header, (write) =>
          receiveBlob(hash, body, limits, ledger, write),
        )
        if (received.result !== 'received') return received
        let stored = false
        try {
          stored = await linkIntoPlace(root, temp, target)
        } finally {
          ledger.settle(received.bytes, stored)
        }
        if (!stored) return { result: 'existing' }
        // The new name is durable only once its directory is.
        await syncDir(path.dirname(target))
        return { result: 'stored', bytes: received.bytes }
      } finally {
        await fsp.rm(temp, { force: true })
      }
    },
    async openBlob(hash) {
      const target = blobPath(root, hash)
      const file = await fsp.open(target, 'r').catch((error: unknown) => {
        if (isCode(error, 'ENOENT')) return null
        throw error
      })
      if (file === null) return null
      try {
        const header = Buffer.alloc(BLOB_HEADER_BYTES)
        const { bytesRead } = await file.read(header, 0, BLOB_HEADER_BYTES, 0)
        const type = decodeBlobHeader(header.subarray(0, bytesRead))
        const { size } = await file.stat()
        // A blob file is never rewritten or removed once linked, so the path still holds these bytes.
        const stream = () => fs.createReadStream(target, { start: BLOB_HEADER_BYTES })
        return { type, size: size - BLOB_HEADER_BYTES, stream }
      } finally {
        await file.close()
      }
    },
    async hasBlob(hash) {
      return exists(blobPath(root, hash))
    },
    usage: () => ledger.usage(),
    importSync(hash, type, data) {
      const target = blobPath(root, hash)
      if (fs.existsSync(target)) return
      const temp = tempPath(hash)
      try {
        const fd = fs.openSync(temp, 'wx')
        try {
          fs.writeFileSync(fd, encodeBlobHeader(type))
          fs.writeFileSync(fd, data)
          fs.fsyncSync(fd)
        } finally {
          fs.closeSync(fd)
        }
        const shard = path.dirname(target)
        if (fs.mkdirSync(shard, { recursive: true }) !== undefined) syncDirSync(root)
        fs.linkSync(temp, target)
        syncDirSync(shard)
        ledger.reserve(data.byteLength, Number.POSITIVE_INFINITY)
        ledger.settle(data.byteLength, true)
      } finally {
        fs.rmSync(temp, { force: true })
      }
    },
  }
}

/** Writes the header, then lets `fill` write the body; the file is on disk when `received` returns. */
async function writeTemp(
  temp: string,
  header: Uint8Array,
  fill: (write: (chunk: Uint8Array) => Promise<void>) => Promise<Received>,
): Promise<Received> {
  const file = await fsp.open(temp, 'wx')
  try {
    await writeAll(file, header)
    const received = await fill((chunk) => writeAll(file, chunk))
    // FileHandle.sync is fsync on libuv's thread pool: the event loop serves on while the disk works.
    if (received.result === 'received') await file.sync()
    return received
  } finally {
    await file.close()
  }
}

/**
 * Makes a verified temporary file the blob; false if the blob was already there. A link rather
 * than a rename: it fails when the name exists, so two uploads of one blob cannot both count it.
 */
async function linkIntoPlace(root: string, temp: string, target: string): Promise<boolean> {
  const shard = path.dirname(target)
  if ((await fsp.mkdir(shard, { recursive: true })) !== undefined) await syncDir(root)
  try {
    await fsp.link(temp, target)
    return true
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false
    throw error
  }
}

async function writeAll(file: FileHandle, data: Uint8Array): Promise<void> {
  for (let offset = 0; offset < data.byteLength; ) {
    const { bytesWritten } = await file.write(data, offset, data.byteLength - offset)
    offset += bytesWritten
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function syncDirSync(dir: string): void {
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.access(file)
    return true
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false
    throw error
  }
}

/** Blob bytes and count on disk; each blob file is its header plus its bytes. */
function scanUsage(root: string): BlobUsage {
  let bytes = 0
  let count = 0
  for (const shard of fs.readdirSync(root)) {
    if (!BLOB_SHARD.test(shard)) continue
    for (const name of fs.readdirSync(path.join(root, shard))) {
      if (!BLOB_HASH.test(name)) continue
      bytes += Math.max(0, fs.statSync(path.join(root, shard, name)).size - BLOB_HEADER_BYTES)
      count += 1
    }
  }
  return { bytes, count }
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code
}
