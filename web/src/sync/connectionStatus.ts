// What the connection indicator says, from facts the provider reports. Pure, so it is tested alone.
import {
  CLOSE_BAD_REQUEST,
  CLOSE_FORBIDDEN_UPDATE,
  CLOSE_TOO_LARGE,
  CLOSE_UNAUTHORIZED,
} from '@parley/protocol'

/** Failed attempts after a lost connection before "reconnecting" becomes "offline". */
export const OFFLINE_AFTER_FAILURES = 3

export type ConnectionStatus = 'online' | 'offline' | 'reconnecting'

export interface LinkFacts {
  /** The websocket to the relay is open. */
  connected: boolean
  /** It was open at least once since the room was opened. */
  everConnected: boolean
  /** Connections closed or refused since the last successful one. */
  failures: number
  /** `navigator.onLine`. */
  browserOnline: boolean
  /** The relay closed the connection for good (a 44xx close code); no more attempts. */
  stopped: boolean
}

export function connectionStatus(facts: LinkFacts): ConnectionStatus {
  if (facts.connected) return 'online'
  if (!facts.browserOnline || facts.stopped || !facts.everConnected) return 'offline'
  return facts.failures < OFFLINE_AFTER_FAILURES ? 'reconnecting' : 'offline'
}

/**
 * Close codes after which trying again cannot help (the same update would be refused again).
 *
 * 4424 (missing dependency) is deliberately not one of them. The relay refuses such updates one by
 * one (type 103) and closes only a connection that keeps sending them; a new connection starts
 * with a syncStep2 of everything this device holds that the relay lacks, so it either delivers the
 * dependency that was missing (it never arrived, e.g. another tab's entries) or costs a single
 * refusal, after which the connection stays open and the device keeps receiving. Stopping would
 * lock the device out of the room for something that reconnecting fixes, or that only repairing
 * the room fixes (the refusal banner says so); reconnecting never makes it worse.
 */
export function isPermanentClose(code: number): boolean {
  return (
    code === CLOSE_BAD_REQUEST ||
    code === CLOSE_FORBIDDEN_UPDATE ||
    code === CLOSE_TOO_LARGE ||
    code === CLOSE_UNAUTHORIZED
  )
}

/** What a person is told when the relay wants an access token this device lacks (or has expired). */
export const NEEDS_TOKEN =
  'This relay needs an access token. Open the link with the token that the relay’s operator gave you (it ends in #token=…).'

/** A sentence for the user about why the relay closed the connection for good. */
export function describeClose(code: number, reason: string): string {
  const detail = reason ? ` (${reason})` : ''
  if (code === CLOSE_UNAUTHORIZED) return `${NEEDS_TOKEN}${detail}`
  if (code === CLOSE_TOO_LARGE) return `The relay refused data that is too large${detail}.`
  if (code === CLOSE_FORBIDDEN_UPDATE) return `The relay refused an update from this device${detail}.`
  return `The relay closed the connection${detail}.`
}
