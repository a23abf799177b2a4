// The relay's VAPID key pair (RFC 8292): made on first start and kept in the data folder, so push
// subscriptions made against its public key keep working across restarts.
import fs from 'node:fs'
import path from 'node:path'
import webpush from 'web-push'

export interface VapidKeys {
  /** Uncompressed P-256 public key, base64url: what browsers subscribe with. */
  publicKey: string
  privateKey: string
}

const FILE = 'vapid.json'

export function loadOrCreateVapidKeys(dataDir: string): VapidKeys {
  const file = path.join(dataDir, FILE)
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<VapidKeys>
    if (typeof saved.publicKey === 'string' && typeof saved.privateKey === 'string') {
      return { publicKey: saved.publicKey, privateKey: saved.privateKey }
    }
    throw new Error(`${file} is not a VAPID key pair; move it away to make a new one`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const keys = webpush.generateVAPIDKeys()
  fs.mkdirSync(dataDir, { recursive: true })
  // Written whole or not at all, readable by the relay's user only: the private key signs pushes.
  const temporary = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temporary, JSON.stringify(keys), { mode: 0o600 })
  fs.renameSync(temporary, file)
  return keys
}
