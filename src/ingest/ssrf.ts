import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

/** One resolved address of a host name. */
export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

/** Resolves a host name to all its addresses (dns.lookup with `all: true` by default). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>

/** A fetch was refused because the target is not on the public internet. */
export class SsrfBlockedError extends Error {
  readonly code = 'SSRF_BLOCKED'
  constructor(
    public readonly host: string,
    public readonly address: string,
    public readonly range: string
  ) {
    super(
      host === address
        ? `refused to fetch ${host}: ${range} address (set ALLOW_PRIVATE_NETWORK=true to allow)`
        : `refused to fetch ${host}: it resolves to ${address}, a ${range} address (set ALLOW_PRIVATE_NETWORK=true to allow)`
    )
    this.name = 'SsrfBlockedError'
  }
}

/** A host name that did not resolve. */
export class DnsError extends Error {
  readonly code = 'DNS'
  constructor(
    public readonly host: string,
    reason: string
  ) {
    super(`cannot resolve ${host}: ${reason}`)
    this.name = 'DnsError'
  }
}

export interface SsrfGuardOptions {
  /** ALLOW_PRIVATE_NETWORK: every address is allowed (tests, self-hosters with internal feeds). */
  allowPrivate?: boolean
  /** Name resolution; tests inject one so a made-up name resolves to a chosen address. */
  resolve?: Resolve
  /**
   * Maps a vetted address to the one actually dialled. Production leaves it out (identity); tests
   * use it to reach a loopback server behind a public-looking address without traffic leaving
   * the machine.
   */
  route?: (address: ResolvedAddress) => ResolvedAddress
}

/** Vets hosts and addresses, and gives the socket layer a lookup that only returns vetted ones. */
export interface SsrfGuard {
  readonly allowPrivate: boolean
  /** Throws SsrfBlockedError when an IP literal in the URL is not public; names are vetted at connect. */
  checkUrl(url: URL): void
  /** Resolves and vets a host; returns the first allowed address or throws (DnsError, SsrfBlockedError). */
  vetHost(hostname: string): Promise<ResolvedAddress>
  /** A `net.connect` lookup that resolves through vetHost: the socket goes to the checked address. */
  lookup: LookupFunction
}

const defaultResolve: Resolve = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true })
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
}

/**
 * Why an address may not be fetched ('loopback', 'private', 'linkLocal', …), or null for a public
 * unicast address. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are
 * judged by the embedded address; everything ipaddr.js does not call unicast is refused.
 *
 * @example
 * blockedRange('169.254.169.254') // 'linkLocal'
 * blockedRange('::ffff:10.0.0.1') // 'private'
 * blockedRange('93.184.216.34') // null
 */
export function blockedRange(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''))
  } catch {
    return 'invalid'
  }
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range()
    return range === 'unicast' ? null : range
  }
  const v6 = parsed as ipaddr.IPv6
  const range = v6.range()
  if (range === 'unicast') return null
  const embedded = embeddedIPv4(v6, range)
  if (embedded) {
    const inner = embedded.range()
    return inner === 'unicast' ? null : `${inner} (${range})`
  }
  return range
}

function embeddedIPv4(v6: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const bytes = v6.toByteArray()
  if (range === 'ipv4Mapped' || range === 'rfc6052' || range === 'rfc6145') {
    return new ipaddr.IPv4(bytes.slice(12, 16))
  }
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6))
  // anything else that is not unicast (::1, fc00::/7, fe80::/10, teredo, ::a.b.c.d…) is refused
  return null
}

/**
 * Builds the guard every outgoing fetch goes through.
 *
 * @example
 * const guard = createSsrfGuard({ allowPrivate: config.ALLOW_PRIVATE_NETWORK })
 * await guard.vetHost('localhost') // throws SsrfBlockedError (loopback)
 */
export function createSsrfGuard(options: SsrfGuardOptions = {}): SsrfGuard {
  const allowPrivate = options.allowPrivate ?? false
  const resolve = options.resolve ?? defaultResolve
  const route = options.route ?? ((a: ResolvedAddress) => a)

  async function vetHost(hostname: string): Promise<ResolvedAddress> {
    const host = hostname.replace(/^\[|\]$/g, '')
    const literal = isIP(host)
    if (literal) {
      if (!allowPrivate) {
        const range = blockedRange(host)
        if (range) throw new SsrfBlockedError(host, host, range)
      }
      return route({ address: host, family: literal === 6 ? 6 : 4 })
    }
    let addresses: ResolvedAddress[]
    try {
      addresses = await resolve(host)
    } catch (error) {
      throw new DnsError(host, (error as { code?: string }).code ?? String(error))
    }
    if (addresses.length === 0) throw new DnsError(host, 'no addresses')
    if (allowPrivate) return route(addresses[0]!)
    // Every address must be public: a name with one public and one private address would let
    // the OS (or a retry) pick the private one.
    for (const a of addresses) {
      const range = blockedRange(a.address)
      if (range) throw new SsrfBlockedError(host, a.address, range)
    }
    return route(addresses[0]!)
  }

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    vetHost(hostname).then(
      (vetted) => {
        if ((lookupOptions as { all?: boolean }).all) {
          ;(callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [vetted])
        } else callback(null, vetted.address, vetted.family)
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0)
    )
  }

  return {
    allowPrivate,
    checkUrl(url) {
      if (allowPrivate) return
      const host = url.hostname.replace(/^\[|\]$/g, '')
      if (!isIP(host)) return
      const range = blockedRange(host)
      if (range) throw new SsrfBlockedError(host, host, range)
    },
    vetHost,
    lookup,
  }
}
