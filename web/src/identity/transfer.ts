// Moving an identity to another device. What moves is the key pair's secret and the profile,
// sealed (sealed.ts) under either a one-time code (a device link: the sealed identity rides in
// the link's URL fragment, which browsers never send to a server, and the code travels
// separately) or a passphrase the person chooses (an identity file).
import { checkProfile } from '../room'
import { type IdentitySecret, isIdentitySecret } from './keys'
import { createLinkCode, normalizeLinkCode } from './linkCode'
import type { LocalProfile } from './profile'
import { seal, unseal } from './sealed'

/** Where the app reads a device link: `/link#<sealed identity>`. */
export const LINK_PATH = '/link'
export const IDENTITY_FILE_FORMAT = 'parley-identity'
const PAYLOAD_VERSION = 1
const FILE_VERSION = 1
export const MIN_PASSPHRASE_CHARS = 10

export interface TransferPayload {
  secret: IdentitySecret
  profile: LocalProfile
}

export const WRONG_CODE = 'That code does not open this link. Check it and try again.'
export const WRONG_PASSPHRASE = 'That passphrase does not open this file. Check it and try again.'

function encodePayload(payload: TransferPayload): string {
  return JSON.stringify({ v: PAYLOAD_VERSION, ...payload.secret, profile: payload.profile })
}

function decodePayload(text: string): TransferPayload {
  const value = JSON.parse(text) as Record<string, unknown>
  const secret = { key: value.key, seed: value.seed }
  const profile = value.profile as LocalProfile | undefined
  if (
    value.v !== PAYLOAD_VERSION ||
    !isIdentitySecret(secret) ||
    typeof profile !== 'object' ||
    profile === null ||
    !Number.isSafeInteger(profile.seq) ||
    checkProfile(profile) !== null
  ) {
    throw new Error('This is not a Parley identity.')
  }
  return { secret, profile }
}

/** A link to open on the other device, and the code to type there (shown apart from the link). */
export async function createDeviceLink(
  payload: TransferPayload,
  origin: string,
): Promise<{ url: string; code: string }> {
  const code = createLinkCode()
  return { url: `${origin}${LINK_PATH}#${await seal(code, encodePayload(payload))}`, code }
}

/** The identity a device link carries; throws WrongSecretError for a code that does not open it. */
export async function openDeviceLink(sealed: string, typedCode: string): Promise<TransferPayload> {
  const code = normalizeLinkCode(typedCode)
  if (code === null) throw new Error('A code has 12 letters and digits, like K7QM-4TXP-9HDW.')
  return decodePayload(await unseal(code, sealed))
}

export function checkPassphrase(passphrase: string): string | null {
  return [...passphrase].length >= MIN_PASSPHRASE_CHARS
    ? null
    : `Choose a passphrase of at least ${MIN_PASSPHRASE_CHARS} characters.`
}

/** The text of an identity file, sealed with `passphrase`. */
export async function exportIdentityFile(payload: TransferPayload, passphrase: string): Promise<string> {
  const problem = checkPassphrase(passphrase)
  if (problem !== null) throw new Error(problem)
  const sealed = await seal(passphrase, encodePayload(payload))
  return `${JSON.stringify({ format: IDENTITY_FILE_FORMAT, version: FILE_VERSION, sealed }, null, 2)}\n`
}

/** The identity in an identity file; throws WrongSecretError for a passphrase that does not open it. */
export async function importIdentityFile(text: string, passphrase: string): Promise<TransferPayload> {
  let file: Record<string, unknown>
  try {
    file = JSON.parse(text) as Record<string, unknown>
  } catch {
    throw new Error('This is not a Parley identity file.')
  }
  if (
    file?.format !== IDENTITY_FILE_FORMAT ||
    file.version !== FILE_VERSION ||
    typeof file.sealed !== 'string'
  )
    throw new Error('This is not a Parley identity file.')
  return decodePayload(await unseal(passphrase, file.sealed))
}
