// Ed25519 with node:crypto for the protocol's own tests, as the relay does it. Not part of the
// package (its build leaves src/testing out).
import crypto from 'node:crypto'
import { toBase64url, type VerifyEd25519 } from '../envelope.js'

/** A fresh key pair: the public key as base64url, and a signer of raw bytes. */
export function newNodeKey() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
  const key = publicKey.export({ format: 'jwk' }).x as string
  return { key, sign: (bytes: Uint8Array) => crypto.sign(null, bytes, privateKey) }
}

export const nodeVerify: VerifyEd25519 = (publicKey, message, signature) =>
  crypto.verify(
    null,
    message,
    crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64url(publicKey) }, format: 'jwk' }),
    signature,
  )
