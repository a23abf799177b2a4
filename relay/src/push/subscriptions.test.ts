import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseSubscribeRequest } from './subscribeRequest.js'
import { openPushSubscriptions, type PushSubscriptionRecord } from './subscriptions.js'

const KEY = 'k'.repeat(43)
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function record(
  endpoint: string,
  rooms: Record<string, 'all' | 'mentions' | 'mute'>,
): PushSubscriptionRecord {
  return {
    endpoint,
    p256dh: 'p',
    auth: 'a',
    device: 'device-0123456789abcdef',
    key: KEY,
    rooms: new Map(Object.entries(rooms)),
  }
}

describe('push subscriptions', () => {
  it('are kept across a restart, replaced whole, listed by room without muted ones, and removed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-push-'))
    dirs.push(dir)
    const first = openPushSubscriptions(dir)
    first.save(record('https://push.example/a', { r1: 'mentions', r2: 'mute' }))
    first.save(record('https://push.example/b', { r1: 'all' }))
    first.close()
    const again = openPushSubscriptions(dir)
    expect(again.count).toBe(2)
    expect(
      again
        .forRoom('r1')
        .map((s) => s.endpoint)
        .sort(),
    ).toEqual(['https://push.example/a', 'https://push.example/b'])
    expect(again.forRoom('r2')).toEqual([])
    again.save(record('https://push.example/a', { r2: 'all' }))
    expect(again.forRoom('r1').map((s) => s.endpoint)).toEqual(['https://push.example/b'])
    expect(again.forRoom('r2')[0]?.rooms).toEqual(new Map([['r2', 'all']]))
    expect(again.remove('https://push.example/b')).toBe(true)
    expect(again.forRoom('r1')).toEqual([])
    again.close()
  })
})

describe('parseSubscribeRequest', () => {
  const good = {
    subscription: { endpoint: 'https://push.example/x', keys: { p256dh: 'BPx_-', auth: 'aa' } },
    device: 'device-0123456789abcdef',
    key: KEY,
    rooms: { team: 'mentions' },
  }
  const strict = { insecureEndpoints: false }

  it('accepts a browser subscription with levels per room', () => {
    expect(parseSubscribeRequest(good, strict)).toMatchObject({
      endpoint: 'https://push.example/x',
      rooms: new Map([['team', 'mentions']]),
    })
  })

  it('refuses endpoints the relay should not call, and malformed fields', () => {
    const withEndpoint = (endpoint: string) => ({ ...good, subscription: { ...good.subscription, endpoint } })
    expect(parseSubscribeRequest(withEndpoint('http://127.0.0.1:9/x'), strict)).toBe(
      'endpoint must be an https URL',
    )
    expect(
      parseSubscribeRequest(withEndpoint('http://127.0.0.1:9/x'), { insecureEndpoints: true }),
    ).not.toBeTypeOf('string')
    expect(parseSubscribeRequest(withEndpoint('http://10.0.0.1/x'), { insecureEndpoints: true })).toBe(
      'endpoint must be an https URL',
    )
    expect(parseSubscribeRequest(withEndpoint('https://u:p@push.example/x'), strict)).toBe('bad endpoint')
    expect(parseSubscribeRequest({ ...good, rooms: { '../x': 'all' } }, strict)).toMatch(/^bad room name/)
    expect(parseSubscribeRequest({ ...good, rooms: { team: 'loud' } }, strict)).toBe(
      'bad level for room team',
    )
    expect(parseSubscribeRequest({ ...good, device: 'short' }, strict)).toBe('bad device id')
    expect(parseSubscribeRequest(null, strict)).toBe('body must be a JSON object')
  })
})
