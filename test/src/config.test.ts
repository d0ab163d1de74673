/**
 * The settings table: defaults parse to the documented values, values are read from the
 * environment, and every setting that can be wrong refuses a bad value with an error naming
 * its variable (the server then exits 2 before anything starts).
 */
import { expect, test } from 'bun:test'
import { loadConfig, SETTINGS } from '../../src/config.ts'

test('with nothing set, every setting has its default', () => {
  expect(loadConfig({})).toEqual({
    port: 3000,
    host: '0.0.0.0',
    indexDir: 'data/index',
    logLevel: 'info',
    logFile: 'app.log',
    logMaxMB: 100,
    logKeep: 5,
    logRequests: true,
    indexUrl: '',
    indexPollSeconds: 5,
    indexStoreTimeoutSeconds: 10,
    indexMode: 'copy',
    cacheMB: 32,
    compress: true,
    cacheMaxAge: 300,
    cacheSMaxAge: 300,
    cacheStaleWhileRevalidate: 60,
    cacheStaleIfError: 86400,
    corsOrigin: '*',
  })
})

test('values come from the variables, parsed', () => {
  const config = loadConfig({
    PORT: '8080',
    COMPRESS: 'off',
    LOG_REQUESTS: 'YES',
    INDEX_MODE: 'memory',
    INDEX_URL: 's3://charts-bucket/prod',
    INDEX_STORE_TIMEOUT_SECONDS: '0.5',
    LOG_LEVEL: 'silent',
  })
  expect(config).toMatchObject({
    port: 8080,
    compress: false,
    logRequests: true,
    indexMode: 'memory',
    indexUrl: 's3://charts-bucket/prod',
    indexStoreTimeoutSeconds: 0.5,
    logLevel: 'silent',
  })
})

test('a bad value is refused with an error naming its variable and the value', () => {
  const bad: Record<string, string> = {
    PORT: '65536',
    LOG_LEVEL: 'loud',
    LOG_MAX_MB: '-1',
    LOG_KEEP: 'many',
    LOG_REQUESTS: 'maybe',
    INDEX_URL: 'https://example.com/index',
    INDEX_POLL_SECONDS: 'soon',
    INDEX_STORE_TIMEOUT_SECONDS: '0',
    INDEX_MODE: 'disk',
    CACHE_MB: '1e9',
    COMPRESS: '2',
    CACHE_MAX_AGE: '-5',
    CACHE_S_MAXAGE: 'x',
    CACHE_STALE_WHILE_REVALIDATE: 'x',
    CACHE_STALE_IF_ERROR: 'x',
  }
  for (const [env, value] of Object.entries(bad)) {
    let message = ''
    try {
      loadConfig({ [env]: value })
    } catch (error) {
      message = (error as Error).message
    }
    expect({ env, named: message.startsWith(`config: ${env}`) }).toEqual({ env, named: true })
    if (env !== 'INDEX_URL') expect(message).toContain(`"${value}"`)
  }
  // the settings that take any text are the only ones left out above
  const anyText = Object.values(SETTINGS)
    .map((s) => s.env)
    .filter((env) => !(env in bad))
  expect(anyText).toEqual(['HOST', 'INDEX_DIR', 'LOG_FILE', 'CORS_ORIGIN'])
})
