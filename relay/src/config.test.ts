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
      maxBlobStorageBytes: 10 * 1024 ** 3,
      maxEntryBytes: 16 * 1024,
      authSecret: null,
      privateRooms: false,
      iceServers: [],
      maxCallSize: 4,
      pushSubject: 'mailto:parley@localhost',
      insecurePushEndpoints: false,
      logLevel: 'info',
      cluster: null,
    })
  })

  it('enables cluster mode with both URLs, from flags or the environment', () => {
    const env = { DATABASE_URL: 'postgres://db/parley', REDIS_URL: 'redis://cache:6379' }
    expect(parseConfig([], env, defaults)?.cluster).toEqual({
      postgresUrl: 'postgres://db/parley',
      postgresSchema: 'public',
      redisUrl: 'redis://cache:6379',
      redisPrefix: 'parley:',
    })
    expect(
      parseConfig(['--postgres-url', 'postgres://x/y', '--postgres-schema', 'team_a'], env, defaults)
        ?.cluster,
    ).toMatchObject({
      postgresUrl: 'postgres://x/y',
      postgresSchema: 'team_a',
      redisUrl: 'redis://cache:6379',
    })
  })

  it('refuses one cluster URL without the other, and a schema name that is not plain', () => {
    expect(() => parseConfig(['--postgres-url', 'postgres://db/p'], {}, defaults)).toThrow(
      /--postgres-url needs --redis-url/,
    )
    expect(() => parseConfig([], { REDIS_URL: 'redis://cache' }, defaults)).toThrow(
      /--redis-url needs --postgres-url/,
    )
    expect(() =>
      parseConfig(
        ['--postgres-url', 'postgres://db/p', '--redis-url', 'redis://c', '--postgres-schema', 'a;drop'],
        {},
        defaults,
      ),
    ).toThrow(ConfigError)
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

  it('reads the attachment storage quota from a flag or the environment', () => {
    expect(parseConfig([], { MAX_BLOB_STORAGE_BYTES: '1048576' }, defaults)).toMatchObject({
      maxBlobStorageBytes: 1_048_576,
    })
    expect(
      parseConfig(['--max-blob-storage-bytes', '0'], { MAX_BLOB_STORAGE_BYTES: '5' }, defaults),
    ).toMatchObject({ maxBlobStorageBytes: 0 })
    expect(() => parseConfig(['--max-blob-storage-bytes', '10GiB'], {}, defaults)).toThrow(
      '--max-blob-storage-bytes must be a whole number',
    )
    expect(() => parseConfig([], { MAX_BLOB_STORAGE_BYTES: '-1' }, defaults)).toThrow(ConfigError)
  })

  it('lowers the entry limit, never raises it above what the app writes', () => {
    expect(parseConfig(['--max-entry-bytes', '2048'], {}, defaults)).toMatchObject({ maxEntryBytes: 2048 })
    expect(() => parseConfig([], { MAX_ENTRY_BYTES: String(32 * 1024) }, defaults)).toThrow(
      '--max-entry-bytes must be a whole number from 256 to 16384',
    )
  })

  it('takes an access-token secret long enough to be one, and --private only with it', () => {
    const secret = 'a'.repeat(32)
    expect(parseConfig(['--auth-secret', secret, '--private'], {}, defaults)).toMatchObject({
      authSecret: secret,
      privateRooms: true,
    })
    expect(parseConfig([], { AUTH_SECRET: secret, PRIVATE: '1' }, defaults)).toMatchObject({
      privateRooms: true,
    })
    expect(() => parseConfig(['--auth-secret', 'short'], {}, defaults)).toThrow('at least 32 characters')
    expect(() => parseConfig(['--private'], {}, defaults)).toThrow('--private needs --auth-secret')
  })

  it('returns null for --help and rejects bad values and unknown flags', () => {
    expect(parseConfig(['--help'], {}, defaults)).toBeNull()
    expect(() => parseConfig(['--port', 'http'], {}, defaults)).toThrow(ConfigError)
    expect(() => parseConfig([], { PORT: '70000' }, defaults)).toThrow('--port must be a whole number')
    expect(() => parseConfig(['--prot', '1'], {}, defaults)).toThrow()
  })

  it('reads ICE servers for calls as JSON and refuses bad ones before starting', () => {
    expect(parseConfig(['--ice-servers', '[{"urls":"stun:127.0.0.1:3478"}]'], {}, defaults)).toMatchObject({
      iceServers: [{ urls: ['stun:127.0.0.1:3478'] }],
    })
    expect(() => parseConfig([], { ICE_SERVERS: '[{"urls":"http://x"}]' }, defaults)).toThrow(ConfigError)
  })

  it('lowers the call size, never raises it', () => {
    expect(parseConfig(['--max-call-size', '2'], {}, defaults)?.maxCallSize).toBe(2)
    expect(parseConfig([], { MAX_CALL_SIZE: '3' }, defaults)?.maxCallSize).toBe(3)
    expect(() => parseConfig(['--max-call-size', '5'], {}, defaults)).toThrow('--max-call-size must be')
    expect(() => parseConfig(['--max-call-size', '1'], {}, defaults)).toThrow(ConfigError)
  })
})
