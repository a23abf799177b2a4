import { verifyEnvelope } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage } from '../room/append'
import { ROOM } from '../room/testing'
import { createRoomWriter } from '../room/writer'
import { fingerprintOf } from './fingerprint'
import { exportSecret, generateIdentityKeys, importSecret } from './keys'
import { WrongSecretError } from './sealed'
import { createSigner } from './signer'
import {
  createDeviceLink,
  exportIdentityFile,
  importIdentityFile,
  openDeviceLink,
  type TransferPayload,
} from './transfer'
import { createEd25519Verifier } from './verifier'

const profile = { seq: 3, name: 'Alice', color: '#1971c2', avatar: null, status: 'on a train' }

async function payload(): Promise<TransferPayload> {
  const { keyPair } = await generateIdentityKeys()
  return { secret: await exportSecret(keyPair), profile }
}

describe('moving an identity', () => {
  it('by link and code: same id, same fingerprint, and it signs as the same person', async () => {
    const original = await payload()
    const { url, code } = await createDeviceLink(original, 'https://chat.example')
    const [path, sealed = ''] = url.split('#')
    expect(path).toBe('https://chat.example/link')
    expect(sealed).not.toContain(original.secret.seed)
    const moved = await openDeviceLink(sealed, code.toLowerCase())
    expect(moved).toEqual(original)
    const { keyPair, key } = await importSecret(moved.secret)
    expect(key).toBe(original.secret.key)
    expect(await fingerprintOf(key)).toBe(await fingerprintOf(original.secret.key))
    const doc = new Y.Doc()
    const sent = await appendMessage(
      createRoomWriter(doc, ROOM, createSigner(keyPair.privateKey, key)),
      'still me',
    )
    if (!sent) throw new Error('not sent')
    expect(sent.envelope.key).toBe(original.secret.key)
    expect(await verifyEnvelope(ROOM, sent.envelope, createEd25519Verifier())).toBe(true)
  }, 20_000)

  it('refuses a wrong code and a damaged link, clearly', async () => {
    const { url } = await createDeviceLink(await payload(), 'https://chat.example')
    const sealed = url.split('#')[1] ?? ''
    await expect(openDeviceLink(sealed, 'AAAA-BBBB-CCCC')).rejects.toBeInstanceOf(WrongSecretError)
    await expect(openDeviceLink(sealed, 'short')).rejects.toThrow(/12 letters and digits/)
    await expect(openDeviceLink('not-a-link', 'AAAA-BBBB-CCCC')).rejects.toThrow(
      'This is not a Parley identity.',
    )
  }, 20_000)

  it('by file and passphrase: round-trips, and a wrong passphrase opens nothing', async () => {
    const original = await payload()
    const file = await exportIdentityFile(original, 'correct horse battery')
    expect(JSON.parse(file)).toMatchObject({ format: 'parley-identity', version: 1 })
    expect(file).not.toContain(original.secret.seed)
    expect(await importIdentityFile(file, 'correct horse battery')).toEqual(original)
    await expect(importIdentityFile(file, 'wrong horse battery')).rejects.toBeInstanceOf(WrongSecretError)
    await expect(importIdentityFile('{"format":"other"}', 'correct horse battery')).rejects.toThrow(
      'This is not a Parley identity file.',
    )
    await expect(exportIdentityFile(original, 'short')).rejects.toThrow(/at least 10 characters/)
  }, 30_000)

  it('refuses a private key that does not belong to the public key', async () => {
    const a = await payload()
    const b = await payload()
    await expect(importSecret({ key: a.secret.key, seed: b.secret.seed })).rejects.toThrow(/does not match/)
  })
})
