/**
 * The web app's static files: its modules and stylesheet (src/web/) and uPlot's script and
 * stylesheet (node_modules/uplot), each imported `with { type: 'file' }` so that
 * `npm run compile` embeds it in the binary and the page works with no internet and no
 * build step. Served at `/web/<name>`.
 */

import uplotJs from 'uplot/dist/uPlot.iife.min.js' with { type: 'file' }
import uplotCss from 'uplot/dist/uPlot.min.css' with { type: 'file' }
import api from '../../web/api.mjs' with { type: 'file' }
import appCss from '../../web/app.css' with { type: 'file' }
import artist from '../../web/artist.mjs' with { type: 'file' }
import artists from '../../web/artists.mjs' with { type: 'file' }
import chart from '../../web/chart.mjs' with { type: 'file' }
import dom from '../../web/dom.mjs' with { type: 'file' }
import main from '../../web/main.mjs' with { type: 'file' }
import movers from '../../web/movers.mjs' with { type: 'file' }
import numberOnes from '../../web/number-ones.mjs' with { type: 'file' }
import plot from '../../web/plot.mjs' with { type: 'file' }
import scroll from '../../web/scroll.mjs' with { type: 'file' }
import search from '../../web/search.mjs' with { type: 'file' }
import streaks from '../../web/streaks.mjs' with { type: 'file' }
import top from '../../web/top.mjs' with { type: 'file' }
import track from '../../web/track.mjs' with { type: 'file' }

const JS = 'text/javascript; charset=utf-8'
const CSS = 'text/css; charset=utf-8'

/** URL path prefix of the web app's files. */
export const WEB_ASSETS_PREFIX = '/web/'

/** File name under /web/ → [path on disk or in the binary, Content-Type]. */
export const WEB_ASSETS: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['api.mjs', [api, JS]],
  ['app.css', [appCss, CSS]],
  ['artist.mjs', [artist, JS]],
  ['artists.mjs', [artists, JS]],
  ['chart.mjs', [chart, JS]],
  ['dom.mjs', [dom, JS]],
  ['main.mjs', [main, JS]],
  ['movers.mjs', [movers, JS]],
  ['number-ones.mjs', [numberOnes, JS]],
  ['plot.mjs', [plot, JS]],
  ['scroll.mjs', [scroll, JS]],
  ['search.mjs', [search, JS]],
  ['streaks.mjs', [streaks, JS]],
  ['top.mjs', [top, JS]],
  ['track.mjs', [track, JS]],
  ['uplot.css', [uplotCss, CSS]],
  ['uplot.js', [uplotJs, JS]],
])
