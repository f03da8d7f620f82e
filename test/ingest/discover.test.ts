import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { discoverFeeds, looksLikeHtml } from '../../src/ingest/discover.js'

const page = readFileSync(
  new URL('../fixtures/feeds/autodiscovery-page.html', import.meta.url),
  'utf8'
)

describe('discoverFeeds', () => {
  it('GIVEN a page with RSS, Atom and JSON Feed links THEN lists them in order, resolved against <base>, without duplicates or non-feeds', () => {
    expect(discoverFeeds(page, 'https://evalnotes.example/')).toEqual([
      { url: 'https://evalnotes.example/blog/feed.xml', type: 'rss', title: 'Eval Notes (RSS)' },
      { url: 'https://evalnotes.example/atom.xml', type: 'atom', title: 'Eval Notes (Atom)' },
      { url: 'https://evalnotes.example/feed.json', type: 'json', title: 'Eval Notes (JSON)' },
    ])
  })

  it('GIVEN no <base> THEN resolves against the page URL', () => {
    const html =
      '<html><head><link rel="alternate" type="application/atom+xml" href="../atom.xml"></head></html>'
    expect(discoverFeeds(html, 'https://site.example/blog/post/')).toEqual([
      { url: 'https://site.example/blog/atom.xml', type: 'atom', title: null },
    ])
  })

  it('GIVEN a head fragment without <html>, upper-case attributes and "alternate feed" rel THEN still finds the feed', () => {
    const html = '<LINK REL="Alternate Feed" TYPE="application/rss+xml; charset=utf-8" HREF="/rss">'
    expect(discoverFeeds(html, 'https://x.example/')).toEqual([
      { url: 'https://x.example/rss', type: 'rss', title: null },
    ])
  })

  it('GIVEN legacy types (application/x-rss+xml, text/xml) THEN finds them too', () => {
    const html =
      '<link rel="alternate" type="application/x-rss+xml" href="/old.rss">' +
      '<link rel="alternate" type="text/xml" href="/index.xml">' +
      '<link rel="EditURI" type="application/rsd+xml" href="/xmlrpc.php?rsd">'
    expect(discoverFeeds(html, 'https://x.example/').map((f) => f.url)).toEqual([
      'https://x.example/old.rss',
      'https://x.example/index.xml',
    ])
  })

  it('GIVEN a 10 MB page nesting two million divs THEN reads only the head, quickly', () => {
    const page = `<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head><body>${'<div>'.repeat(2_000_000)}</body></html>`
    const started = performance.now()
    expect(discoverFeeds(page, 'https://x.example/')).toEqual([
      { url: 'https://x.example/feed', type: 'rss', title: null },
    ])
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('GIVEN a page without feed links THEN returns an empty list', () => {
    expect(
      discoverFeeds(
        '<html><head><title>x</title><link rel="icon" href="/f.ico"></head></html>',
        'https://x.example/'
      )
    ).toEqual([])
  })
})

describe('looksLikeHtml', () => {
  it.each([
    ['<!DOCTYPE html><html><head>', true],
    ['\uFEFF  <html lang="en">', true],
    ['<?xml version="1.0"?>\n<!-- x --><html xmlns="http://www.w3.org/1999/xhtml">', true],
    ['<?xml version="1.0"?><rss version="2.0">', false],
    ['<feed xmlns="http://www.w3.org/2005/Atom">', false],
    ['{"version":"https://jsonfeed.org/version/1.1"}', false],
  ])('GIVEN %j THEN %s', (text, expected) => {
    expect(looksLikeHtml(text)).toBe(expected)
  })

  it('GIVEN the autodiscovery fixture THEN true', () => {
    expect(looksLikeHtml(page)).toBe(true)
  })
})
