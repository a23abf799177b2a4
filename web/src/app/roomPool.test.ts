import { afterEach, describe, expect, it, vi } from 'vitest'
import { createRoomPool, type PooledRoom } from './roomPool'

function fakeRooms() {
  const log: string[] = []
  const open = (roomId: string): PooledRoom => {
    log.push(`open ${roomId}`)
    return {
      setPresent: (present) => log.push(`${roomId} ${present ? 'present' : 'away'}`),
      close: async () => {
        log.push(`close ${roomId}`)
      },
    }
  }
  const watchHidden = (roomId: string) => {
    log.push(`watch ${roomId}`)
    return () => log.push(`unwatch ${roomId}`)
  }
  return { log, open, watchHidden }
}

describe('the room pool', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps a hidden room open and shows it again without reopening it', () => {
    const rooms = fakeRooms()
    const pool = createRoomPool({ ...rooms, warmRooms: 1 })
    const a = pool.show('a')
    pool.hide('a')
    expect(pool.peek('a')).toBe(a)
    expect(pool.show('a')).toBe(a)
    expect(rooms.log).toEqual(['open a', 'a present', 'a away', 'watch a', 'unwatch a', 'a present'])
  })

  it('closes the least recently shown hidden rooms beyond the warm count', () => {
    const rooms = fakeRooms()
    const pool = createRoomPool({ ...rooms, warmRooms: 1 })
    for (const id of ['a', 'b', 'c']) {
      pool.show(id)
      pool.hide(id)
    }
    expect([...pool.openIds()]).toEqual(['c'])
    expect(rooms.log.filter((line) => line.startsWith('close'))).toEqual(['close a', 'close b'])
  })

  it('closes a hidden room after it has been idle', () => {
    vi.useFakeTimers()
    const rooms = fakeRooms()
    const pool = createRoomPool({ ...rooms, idleMs: 1000 })
    pool.show('a')
    pool.hide('a')
    vi.advanceTimersByTime(999)
    expect(pool.peek('a')).not.toBeNull()
    vi.advanceTimersByTime(1)
    expect(pool.peek('a')).toBeNull()
    expect(rooms.log.slice(-2)).toEqual(['unwatch a', 'close a'])
  })

  it('closes everything on close', () => {
    const rooms = fakeRooms()
    const pool = createRoomPool(rooms)
    pool.show('a')
    pool.show('b')
    pool.hide('b')
    pool.close()
    expect(pool.openIds().size).toBe(0)
    expect(rooms.log.filter((line) => line.startsWith('close')).sort()).toEqual(['close a', 'close b'])
  })
})
