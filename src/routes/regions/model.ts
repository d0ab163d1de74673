/** Schemas of GET /regions and GET /dates. */
import { t } from 'elysia'
import { chartParam, dateField, regionParam } from '../params.ts'

export const regionsResponse = t.Object({
  regions: t.Array(
    t.Object({
      name: t.String({ examples: ['Global'] }),
      code: t.Union([t.String(), t.Null()], {
        description:
          'ISO 3166-1 alpha-2 code in lower case (`global` for Global; usable as `region`); null when the code table does not know the region',
        examples: ['us'],
      }),
      charts: t.Array(t.String(), { examples: [['top200', 'viral50']] }),
      firstDate: dateField({ examples: ['2017-01-01'] }),
      lastDate: dateField({ examples: ['2021-12-31'] }),
      days: t.Integer({ description: 'Distinct chart dates over its charts' }),
    }),
  ),
})

export const datesQuery = t.Object({ region: regionParam, chart: t.Optional(chartParam) })

export const datesResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  chart: t.String({ examples: ['top200'] }),
  dates: t.Array(dateField(), {
    description: 'Ascending',
    examples: [['2017-01-01', '2017-01-02']],
  }),
})
