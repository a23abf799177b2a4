import { describe, expect, it } from 'vitest'
import {
  connectionStatus,
  describeClose,
  isPermanentClose,
  type LinkFacts,
  OFFLINE_AFTER_FAILURES,
} from './connectionStatus'

const base: LinkFacts = {
  connected: false,
  everConnected: true,
  failures: 0,
  browserOnline: true,
  stopped: false,
}

describe('connectionStatus', () => {
  it('is online whenever the socket is open', () => {
    expect(connectionStatus({ ...base, connected: true, failures: 9 })).toBe('online')
  })

  it('says reconnecting after a lost connection, offline once attempts keep failing', () => {
    expect(connectionStatus({ ...base, failures: 1 })).toBe('reconnecting')
    expect(connectionStatus({ ...base, failures: OFFLINE_AFTER_FAILURES })).toBe('offline')
  })

  it('is offline before the first connection, without network, or when the relay refused us', () => {
    expect(connectionStatus({ ...base, everConnected: false })).toBe('offline')
    expect(connectionStatus({ ...base, browserOnline: false })).toBe('offline')
    expect(connectionStatus({ ...base, stopped: true })).toBe('offline')
  })

  it('keeps retrying after rate limits and outages, not after refused updates', () => {
    expect(isPermanentClose(4429)).toBe(false)
    expect(isPermanentClose(4503)).toBe(false)
    expect(isPermanentClose(1006)).toBe(false)
    expect(isPermanentClose(4403)).toBe(true)
    expect(isPermanentClose(4413)).toBe(true)
  })

  it('stops at a missing or refused access token and says what to do', () => {
    expect(isPermanentClose(4401)).toBe(true)
    expect(describeClose(4401, 'unauthorized: expired')).toMatch(/needs an access token.*expired/)
  })

  it('reconnects after a close for missing dependencies: a new connection resends what it lacks', () => {
    expect(isPermanentClose(4424)).toBe(false)
  })
})
