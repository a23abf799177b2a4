import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './config.js'

const defaults = { staticDir: '/app/web/dist', cwd: '/srv/parley' }

describe('parseConfig', () => {
  it('defaults to 127.0.0.1:8080 and ./data', () => {
    expect(parseConfig([], {}, defaults)).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/parley/data',
      staticDir: '/app/web/dist',
      idleUnloadMs: 30_000,
      maxConnectionsPerAddress: 1000,
      logLevel: 'info',
    })
  })

  it('reads the environment, and flags win over it', () => {
    const env = { PORT: '9000', HOST: '0.0.0.0', DATA_DIR: '/var/parley' }
    expect(parseConfig([], env, defaults)).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/parley',
    })
    expect(parseConfig(['--port', '9100', '--data-dir', 'rooms'], env, defaults)).toMatchObject({
      port: 9100,
      dataDir: '/srv/parley/rooms',
    })
  })

  it('returns null for --help and rejects bad values and unknown flags', () => {
    expect(parseConfig(['--help'], {}, defaults)).toBeNull()
    expect(() => parseConfig(['--port', 'http'], {}, defaults)).toThrow(ConfigError)
    expect(() => parseConfig([], { PORT: '70000' }, defaults)).toThrow('--port must be a whole number')
    expect(() => parseConfig(['--prot', '1'], {}, defaults)).toThrow()
  })
})
