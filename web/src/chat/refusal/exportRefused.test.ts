import { describe, expect, it } from 'vitest'
import { EXPORT_FORMAT, exportFileName, exportRefused } from './exportRefused'

describe('exportRefused', () => {
  it('writes the entries as they are in the log, with why, and the kept ones', () => {
    const value = { v: 1, id: 'a', type: 'message', text: 'Long "quoted" text' }
    const reason = 'too large: entry of 5123 bytes over 2048'
    const now = Date.UTC(2025, 0, 2, 3, 4, 5)
    const text = exportRefused(
      'roomid123456',
      [{ logId: { client: 1, clock: 2 }, value, code: 4413, reason, offending: true }],
      [
        {
          logId: { client: 3, clock: 4 },
          value: { junk: 1 },
          code: null,
          reason: 'not readable',
          keptAt: now,
        },
      ],
      now,
    )
    expect(JSON.parse(text)).toEqual({
      format: EXPORT_FORMAT,
      version: 1,
      room: 'roomid123456',
      exportedAt: '2025-01-02T03:04:05.000Z',
      refused: [
        {
          client: 1,
          clock: 2,
          code: 4413,
          relayReason: reason,
          reason: 'too large (entry of 5,123 bytes over 2,048)',
          entry: value,
        },
      ],
      kept: [
        {
          client: 3,
          clock: 4,
          code: null,
          reason: 'not readable',
          keptAt: '2025-01-02T03:04:05.000Z',
          entry: { junk: 1 },
        },
      ],
    })
    expect(exportFileName('roomid123456', now)).toBe('parley-refused-roomid12-2025-01-02.json')
  })
})
