/**
 * A track's JSON fragment: an object's members once braced, and the offsets the renderers cut
 * it at (the title's value, the end of the artist member, the start of the url member) where
 * they must be in UTF-8 bytes, whatever the names hold (quotes, escapes, non-ASCII).
 */
import { describe, expect, test } from 'bun:test'
import { TRACK_JSON_KEYS, TRACK_JSON_TITLE_START, trackJsonOf } from '../../schema/track-json.ts'

const tracks = [
  { id: '0123456789abcdefghijKL', title: 'Plain', artist: 'A', artists: ['A'], url: 'u' },
  {
    id: 'zyxwvutsrqponmlkjihgfE',
    title: 'Ñoño "quoted" \\ 東京 😀',
    artist: 'Beyoncé, JAY-Z',
    artists: ['Beyoncé', 'JAY-Z'],
    url: 'https://open.spotify.com/track/zyxwvutsrqponmlkjihgfE',
  },
]

describe('trackJsonOf', () => {
  test.each(tracks)('$title: the members in order, cut where the renderers cut', (track) => {
    const { json, artistEnd, urlStart } = trackJsonOf(track)
    expect(Object.entries(JSON.parse(`{${json}}`))).toEqual([
      ['trackId', track.id],
      ['title', track.title],
      ['artist', track.artist],
      ['artists', track.artists],
      ['url', track.url],
    ])
    const bytes = Buffer.from(json)
    const text = (a: number, b?: number) => bytes.subarray(a, b).toString()
    expect(text(TRACK_JSON_TITLE_START)).toStartWith(
      `${JSON.stringify(track.title)}${TRACK_JSON_KEYS.artist}`,
    )
    expect(text(0, artistEnd)).toEndWith(`${TRACK_JSON_KEYS.artist}${JSON.stringify(track.artist)}`)
    expect(text(artistEnd, urlStart)).toBe(
      `${TRACK_JSON_KEYS.artists}${JSON.stringify(track.artists)}`,
    )
    expect(text(urlStart)).toBe(`${TRACK_JSON_KEYS.url}${JSON.stringify(track.url)}`)
  })
})
