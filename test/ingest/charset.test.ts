import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { charsetFromContentType, decodeFeedBytes } from '../../src/ingest/charset.js'

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url))
const RUSSIAN_FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Новости нейросетей</title>
<item><title>Разработчики признали ошибку в замерах модели на тесте</title>
<description>Независимая проверка показала результат на семь пунктов ниже заявленного.</description></item>
</channel></rss>`

describe('decodeFeedBytes', () => {
  it('GIVEN plain UTF-8 with no declaration THEN decodes as UTF-8', () => {
    const decoded = decodeFeedBytes(
      Buffer.from('<rss><channel><title>Café — ok</title></channel></rss>')
    )
    expect(decoded).toMatchObject({ encoding: 'utf-8' })
    expect(decoded.text).toContain('Café — ok')
  })

  it('GIVEN a UTF-8 BOM THEN strips it and ignores a contradicting declaration', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><rss>Привет</rss>'),
    ])
    const decoded = decodeFeedBytes(bytes)
    expect(decoded.encoding).toBe('utf-8')
    expect(decoded.text.startsWith('<?xml')).toBe(true)
    expect(decoded.text).toContain('Привет')
  })

  it('GIVEN a UTF-16LE BOM THEN decodes UTF-16', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('<rss>Ünïcode</rss>', 'utf16le'),
    ])
    expect(decodeFeedBytes(bytes)).toEqual({ text: '<rss>Ünïcode</rss>', encoding: 'utf-16le' })
  })

  it('GIVEN a Content-Type charset THEN it wins over the XML declaration', () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="utf-8"?><rss>Привет</rss>', 'koi8-r')
    const decoded = decodeFeedBytes(bytes, 'application/rss+xml; charset="KOI8-R"')
    expect(decoded).toEqual({
      text: '<?xml version="1.0" encoding="utf-8"?><rss>Привет</rss>',
      encoding: 'koi8-r',
    })
  })

  it('GIVEN a header claiming UTF-8 over windows-1251 bytes THEN the XML declaration is used instead', () => {
    const bytes = iconv.encode(
      '<?xml version="1.0" encoding="windows-1251"?><rss>Привет</rss>',
      'win1251'
    )
    const decoded = decodeFeedBytes(bytes, 'text/xml; charset=utf-8')
    expect(decoded.encoding).toBe('windows-1251')
    expect(decoded.text).toContain('Привет')
  })

  it('GIVEN a server default of ISO-8859-1 over UTF-8 bytes THEN the UTF-8 is kept readable', () => {
    const bytes = Buffer.from(
      '<?xml version="1.0" encoding="utf-8"?><rss><title>Café — «ИИ»</title></rss>'
    )
    const decoded = decodeFeedBytes(bytes, 'text/xml; charset=ISO-8859-1')
    expect(decoded.encoding).toBe('utf-8')
    expect(decoded.text).toContain('Café — «ИИ»')
  })

  it.each([
    ['iso-8859-1', 'Café crème', 'latin1'],
    ['windows-1252', 'It’s “quoted”', 'win1252'],
    ['ISO-8859-2', 'Zażółć gęślą jaźń', 'iso-8859-2'],
    ['gb2312', '人工智能基准测试', 'gb2312'],
    ['euc-kr', '인공지능 벤치마크', 'euc-kr'],
  ])('GIVEN an XML declaration of %s THEN decodes with it', (label, text, iconvName) => {
    const bytes = iconv.encode(
      `<?xml version="1.0" encoding="${label}"?><rss><title>${text}</title></rss>`,
      iconvName
    )
    expect(decodeFeedBytes(bytes).text).toContain(text)
  })

  it('GIVEN an HTML meta charset THEN decodes with it', () => {
    const bytes = iconv.encode(
      '<html><head><meta charset="windows-1251"><title>Главная</title></head></html>',
      'win1251'
    )
    expect(decodeFeedBytes(bytes).text).toContain('Главная')
  })

  it('GIVEN the windows-1251 fixture with no header and no declaration THEN detects windows-1251', () => {
    const decoded = decodeFeedBytes(fixture('legacy-windows-1251-undeclared.rss'))
    expect(decoded.encoding).toBe('windows-1251')
    expect(decoded.text).toContain('Новости нейросетей')
  })

  it('GIVEN the koi8-r fixture with nothing declared THEN detects koi8-r', () => {
    const decoded = decodeFeedBytes(fixture('legacy-koi8-r-undeclared.rss'))
    expect(decoded.encoding).toBe('koi8-r')
    expect(decoded.text).toContain('Разработчики признали ошибку')
  })

  it.each([
    [
      'shift_jis',
      '人工知能のベンチマーク結果が再現できないという報告が相次いでいる。評価方法の見直しが必要だ。',
    ],
    [
      'euc-jp',
      '人工知能のベンチマーク結果が再現できないという報告が相次いでいる。評価方法の見直しが必要だ。',
    ],
    ['gb2312', '人工智能基准测试的结果无法复现，研究人员呼吁公开评测方法和数据。'],
    [
      'euc-kr',
      '인공지능 벤치마크 결과를 재현할 수 없다는 보고가 잇따르고 있다. 평가 방법을 공개해야 한다.',
    ],
  ])('GIVEN undeclared %s bytes THEN detects and decodes them', (iconvName, text) => {
    const decoded = decodeFeedBytes(
      iconv.encode(`<rss><channel><title>${text}</title></channel></rss>`, iconvName)
    )
    expect(decoded.text).toContain(text)
  })

  it('GIVEN undeclared windows-1251 text THEN the Russian comes out readable', () => {
    const decoded = decodeFeedBytes(iconv.encode(RUSSIAN_FEED, 'win1251'))
    expect(decoded.text).toContain('Разработчики признали ошибку')
  })

  it('GIVEN an unknown declared charset THEN falls back to UTF-8 instead of throwing', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="x-made-up"?><rss>ok ✓</rss>')
    expect(decodeFeedBytes(bytes)).toMatchObject({ encoding: 'utf-8' })
  })

  it('GIVEN empty bytes THEN returns empty text', () => {
    expect(decodeFeedBytes(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' })
  })
})

describe('charsetFromContentType', () => {
  it.each([
    ['text/xml; charset=ISO-8859-1', 'ISO-8859-1'],
    ['application/rss+xml;charset="utf-8"', 'utf-8'],
    ['application/xml', undefined],
    [undefined, undefined],
  ])('GIVEN %s THEN %s', (header, expected) => {
    expect(charsetFromContentType(header)).toBe(expected)
  })
})
