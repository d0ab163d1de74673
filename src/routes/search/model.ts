/** Schemas of GET /search. */
import { t } from 'elysia'
import { limitParam, MAX_NAME } from '../params.ts'

export const searchQuery = t.Object({
  q: t.String({
    minLength: 1,
    maxLength: MAX_NAME,
    description: 'Start of a name or of a word in it; case-, accent- and punctuation-insensitive',
    examples: ['beyon', 'the creator'],
    error: `q: required; 1 to ${MAX_NAME} characters`,
  }),
  limit: t.Optional(limitParam(1000, 10)),
})

/** A track as /search lists it. */
const searchTrack = t.Object({ trackId: t.String(), title: t.String(), artist: t.String() })

export const searchResponse = t.Object({
  artists: t.Array(
    t.Object({
      name: t.String(),
      tracks: t.Integer({ description: 'Tracks credited' }),
      matchedAlias: t.Optional(
        t.String({
          description:
            'Only when the artist matched by an alias alone, not by its own name: that alias as written (q=bts → BTS, name 방탄소년단)',
          examples: ['BTS'],
        }),
      ),
    }),
  ),
  tracks: t.Array(searchTrack),
  suggestions: t.Array(t.String(), {
    description:
      'When nothing matches: up to 5 artist names whose name or alias is closest to q by edit distance (beyonse → Beyoncé); else empty',
    examples: [['Beyoncé']],
  }),
  trackSuggestions: t.Array(searchTrack, {
    description:
      'When nothing matches: up to 5 tracks whose title is closest to q by edit distance (despasio → Despacito); else empty',
  }),
})
