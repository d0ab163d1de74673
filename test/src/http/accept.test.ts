/** The choice of form by `Accept` (src/http/accept.ts): q-values, specificity, ties. */
import { describe, expect, test } from 'bun:test'
import { acceptChoice, formAsked } from '../../../src/http/accept.ts'

const choice = (accept: string | null) => {
  const c = acceptChoice(accept)
  return c.flatBuffers ? 'fb' : c.csv ? 'csv' : 'json'
}
/** The choice where FlatBuffers is not offered (every list route but /rankings). */
const withoutFb = (accept: string) => (acceptChoice(accept).csv ? 'csv' : 'json')

describe('acceptChoice', () => {
  test('nothing sent, or nothing that names CSV or FlatBuffers: JSON', () => {
    for (const accept of [null, '', '*/*', 'application/json', 'text/html,*/*;q=0.8', 'text/*'])
      expect({ accept, got: choice(accept) }).toEqual({ accept, got: 'json' })
  })

  test('a type named with q 0 is never chosen', () => {
    expect(choice('text/csv;q=0')).toBe('json')
    expect(choice('text/csv; q=0.000')).toBe('json')
    expect(choice('application/x-flatbuffers;q=0, text/csv')).toBe('csv')
    expect(choice('application/x-flatbuffers;q=0')).toBe('json')
  })

  test('the highest q wins; JSON counts by its most specific range', () => {
    expect(choice('text/csv;q=0.5, application/json')).toBe('json')
    expect(choice('text/csv;q=0.5, */*')).toBe('json')
    expect(choice('text/csv, */*;q=0.1')).toBe('csv')
    expect(choice('text/csv;q=0.9, */*;q=0.1')).toBe('csv')
    // application/json at 0.1 is more specific than */* at 1: JSON's q is 0.1
    expect(choice('text/csv;q=0.5, application/json;q=0.1, */*')).toBe('csv')
    expect(choice('application/*;q=0.2, text/csv;q=0.3')).toBe('csv')
    expect(choice('application/x-flatbuffers;q=0.4, text/csv;q=0.6')).toBe('csv')
    expect(choice('application/x-flatbuffers;q=0.6, application/json;q=0.5')).toBe('fb')
  })

  test('ties: FlatBuffers, then CSV, then JSON', () => {
    expect(choice('application/x-flatbuffers, text/csv, application/json')).toBe('fb')
    expect(choice('text/csv, application/json')).toBe('csv')
    expect(withoutFb('application/x-flatbuffers, text/csv')).toBe('csv')
    expect(withoutFb('application/x-flatbuffers')).toBe('json')
  })

  test('case, spaces and other parameters do not matter; an unreadable q drops its range', () => {
    expect(choice('TEXT/CSV')).toBe('csv')
    expect(choice(' text/csv ; charset=utf-8 ; q=0.7 , application/json;q=0.6')).toBe('csv')
    expect(choice('Application/X-FlatBuffers')).toBe('fb')
    expect(choice('text/csv;q=high')).toBe('json')
    expect(choice('text/csv;q=2')).toBe('json')
    expect(choice('text/csv;q=0.5;q=0')).toBe('json')
  })
})

describe('formAsked', () => {
  const list = { csv: true, binary: false }
  const rankings = { csv: true, binary: true }
  const plain = { csv: false, binary: false }
  const ask = (offered: typeof list, accept: string | null, format?: string) =>
    formAsked(acceptChoice(accept), offered, format)

  test('format wins over Accept on a list route', () => {
    expect(ask(list, 'text/csv', 'json')).toBe('json')
    expect(ask(rankings, 'application/x-flatbuffers', 'json')).toBe('json')
    expect(ask(rankings, 'application/x-flatbuffers', 'csv')).toBe('csv')
    expect(ask(list, null, 'csv')).toBe('csv')
  })

  test('without format, Accept chooses among the forms offered only', () => {
    expect(ask(rankings, 'application/x-flatbuffers')).toBe('binary')
    expect(ask(list, 'application/x-flatbuffers')).toBe('json')
    expect(ask(list, 'application/x-flatbuffers, text/csv;q=0.5')).toBe('csv')
    expect(ask(list, 'text/csv')).toBe('csv')
    expect(ask(plain, 'text/csv')).toBe('json')
    expect(ask(plain, null, 'csv')).toBe('json')
  })
})
