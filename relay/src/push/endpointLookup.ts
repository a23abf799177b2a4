// Where a push endpoint's host leads, checked twice: when a device subscribes (a clear refusal),
// and as each push connects (DNS can change after the subscription was accepted, and a name
// checked a moment before connecting could resolve elsewhere when connecting: the lookup that
// http.request uses is the one that checks, so the socket goes only to an address that passed).
import dns from 'node:dns'
import type { LookupFunction } from 'node:net'
import { isIP } from 'node:net'
import { addressRefusal } from './endpointAddress.js'

/** The code of the error a refused lookup fails with. */
export const REFUSED_CODE = 'EPUSHREFUSED'

export interface ResolvedAddress {
  address: string
  family: number
}

/** Every address a name resolves to (dns.lookup, as connections use: /etc/hosts included). */
export type ResolveAll = (hostname: string) => Promise<ResolvedAddress[]>

export const systemResolve: ResolveAll = (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true })

/** The host of `url` as an address or a name, without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1')
}

/** Why `addresses` may not be pushed to (one refused address is enough), or null. */
function refusalOf(addresses: readonly ResolvedAddress[]): string | null {
  if (addresses.length === 0) return 'endpoint host does not resolve'
  for (const { address } of addresses) {
    const why = addressRefusal(address)
    if (why !== null) return `endpoint host resolves to ${why}`
  }
  return null
}

/** Why pushes may not go to `url`, judged by every address its host resolves to; null if they may. */
export async function endpointRefusal(url: URL, resolve: ResolveAll = systemResolve): Promise<string | null> {
  const host = hostOf(url)
  if (isIP(host) !== 0) {
    const why = addressRefusal(host)
    return why === null ? null : `endpoint is ${why}`
  }
  try {
    return refusalOf(await resolve(host))
  } catch {
    return 'endpoint host does not resolve'
  }
}

/** A `lookup` for http.request that fails rather than hand over an address that is not public. */
export function publicOnlyLookup(resolve: ResolveAll = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const why = refusalOf(addresses)
        if (why !== null) {
          callback(Object.assign(new Error(why), { code: REFUSED_CODE }), '', 0)
          return
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : null
        const usable = addresses.filter((a) => wanted === null || a.family === wanted)
        const first = usable[0]
        if (first === undefined) {
          callback(Object.assign(new Error('no address of that family'), { code: 'ENOTFOUND' }), '', 0)
        } else if (options.all) {
          callback(null, usable)
        } else {
          callback(null, first.address, first.family)
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    )
  }
}
