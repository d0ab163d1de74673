/**
 * The Dockerfile and the deploy templates, checked without a Docker engine or an AWS account:
 * stages, user, port, health check and signal handling of the image; the templates parse and
 * hold the port, health check path and scaling limits docs/operations.md states.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, type ScalarTag } from 'yaml'
import { ROOT } from '../e2e/server.ts'

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const operations = read('docs/operations.md')
/** A phrase docs/operations.md must hold (reported by itself, not with the whole file, when missing). */
const docHas = (phrase: string) =>
  expect(operations.includes(phrase) ? phrase : `docs/operations.md lacks: ${phrase}`).toBe(phrase)

/** CloudFormation's short-form intrinsic functions, kept as `{ Ref: x }`-like objects. */
const cfnTags: ScalarTag[] = ['Ref', 'Sub', 'GetAtt', 'ImportValue', 'Join'].map((name) => ({
  tag: `!${name}`,
  resolve: (value: string) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }),
}))
const template = (path: string) => parse(read(path), { customTags: cfnTags })

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
  const froms = lines.filter((l) => l.startsWith('FROM '))
  const runtime = lines.slice(lines.indexOf(froms[froms.length - 1]))

  test('stages: a pinned from-source stage (lockfile, compile), a prebuilt one, a distroless runtime', () => {
    expect(froms).toEqual([
      'FROM node:20.20.2-bookworm-slim AS source',
      'FROM scratch AS prebuilt',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile line, not a template
      'FROM ${ARTIFACTS} AS artifacts',
      'FROM gcr.io/distroless/base-nossl-debian12:nonroot AS cloud',
      'FROM gcr.io/distroless/base-nossl-debian12:nonroot AS runtime',
    ])
    // building from source is the default; scripts/image.ts passes ARTIFACTS=prebuilt
    expect(lines).toContain('ARG ARTIFACTS=source')
    expect(lines).toContain('COPY package.json package-lock.json ./')
    expect(lines).toContain('RUN npm ci --no-audit --no-fund')
    // the same compile script the binary test runs
    expect(lines).toContain('RUN npx bun scripts/compile.ts --outfile /out/charts')
    // the prebuilt stage takes what scripts/image.ts writes
    expect(lines).toContain('COPY dist/image/charts /out/charts')
    expect(lines).toContain('COPY dist/image/index /out/index')
    expect(read('scripts/image.ts')).toContain("'ARTIFACTS=prebuilt'")
  })

  test('the index is built from the sample by default or from CHARTS_FILE', () => {
    const text = read('Dockerfile')
    expect(text).toContain('ARG CHARTS_FILE=')
    expect(text).toContain('build-index --input "$CHARTS_FILE" --out /out/index')
    expect(text).toContain('gen-data --scale small')
  })

  test('runtime: only the binary and the index, non-root, port 3000, self health check, exec-form entrypoint', () => {
    expect(runtime.filter((l) => l.startsWith('COPY'))).toEqual([
      'COPY --from=artifacts --chown=nonroot:nonroot /out/charts /app/charts',
      'COPY --from=artifacts --chown=nonroot:nonroot /out/index /app/index',
    ])
    expect(runtime).toContain('USER nonroot')
    expect(runtime).toContain('EXPOSE 3000')
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK'))).toContain(
      'CMD ["/app/charts", "healthcheck"]',
    )
    expect(runtime).toContain('STOPSIGNAL SIGTERM')
    expect(runtime).toContain('ENTRYPOINT ["/app/charts"]')
    expect(runtime).toContain('CMD ["serve"]')
    expect(read('Dockerfile')).toContain('INDEX_DIR=/app/index')
  })

  test('.dockerignore keeps local state out', () => {
    const ignored = read('.dockerignore').split('\n')
    for (const entry of ['node_modules', 'dist', '!dist/image', 'data/index', '.git', '.env'])
      expect(ignored).toContain(entry)
  })
})

describe('the cloud image (Dockerfile stage cloud)', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
  const start = lines.indexOf('FROM gcr.io/distroless/base-nossl-debian12:nonroot AS cloud')
  const end = lines.indexOf('FROM gcr.io/distroless/base-nossl-debian12:nonroot AS runtime')
  const cloud = lines.slice(start, end)

  test('the binary alone (no index), a writable cache directory, the same user, port and entrypoint', () => {
    expect(cloud.filter((l) => l.startsWith('COPY'))).toEqual([
      'COPY --from=artifacts --chown=nonroot:nonroot /out/charts /app/charts',
    ])
    expect(read('Dockerfile')).toContain('INDEX_DIR=/tmp/index')
    for (const line of [
      'USER nonroot',
      'EXPOSE 3000',
      'ENTRYPOINT ["/app/charts"]',
      'CMD ["serve"]',
    ])
      expect(cloud).toContain(line)
    // the default target stays the image with the sample baked in (npm run image)
    expect(end).toBeGreaterThan(start)
    expect(read('deploy/deploy.sh')).toContain('--target cloud')
  })
})

describe('App Runner template', () => {
  const t = template('deploy/apprunner.yaml')
  const service = t.Resources.Service.Properties
  const scaling = t.Resources.AutoScaling

  test('an image-based App Runner service from ECR with its access role', () => {
    expect(t.Resources.Service.Type).toBe('AWS::AppRunner::Service')
    expect(service.SourceConfiguration.ImageRepository.ImageRepositoryType).toBe('ECR')
    expect(service.SourceConfiguration.ImageRepository.ImageIdentifier).toEqual({ Ref: 'ImageUri' })
    expect(service.SourceConfiguration.AuthenticationConfiguration.AccessRoleArn).toEqual({
      'Fn::GetAtt': 'AccessRole.Arn',
    })
    expect(t.Resources.AccessRole.Properties.ManagedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess',
    ])
  })

  test('port 3000 and an HTTP health check on /ready', () => {
    expect(service.SourceConfiguration.ImageRepository.ImageConfiguration.Port).toBe('3000')
    expect(service.HealthCheckConfiguration).toMatchObject({ Protocol: 'HTTP', Path: '/ready' })
  })

  test('auto scaling with the limits docs/operations.md states', () => {
    expect(scaling.Type).toBe('AWS::AppRunner::AutoScalingConfiguration')
    expect(service.AutoScalingConfigurationArn).toEqual({
      'Fn::GetAtt': 'AutoScaling.AutoScalingConfigurationArn',
    })
    const { MaxConcurrency, MinSize, MaxSize } = t.Parameters
    expect([MaxConcurrency.Default, MinSize.Default, MaxSize.Default]).toEqual([200, 1, 4])
    docHas(
      `max concurrency ${MaxConcurrency.Default} per instance, ${MinSize.Default} to ${MaxSize.Default} instances`,
    )
  })
})

describe('ECS Express Mode template', () => {
  const t = template('deploy/ecs-express.yaml')
  const service = t.Resources.Service.Properties

  test('the same image on port 3000 with /ready', () => {
    expect(t.Resources.Service.Type).toBe('AWS::ECS::ExpressGatewayService')
    expect(service.PrimaryContainer.Image).toEqual({ Ref: 'ImageUri' })
    expect(service.PrimaryContainer.ContainerPort).toBe(3000)
    expect(service.HealthCheckPath).toBe('/ready')
    expect(t.Resources.InfrastructureRole.Properties.ManagedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices',
    ])
  })

  test('scaling with the limits docs/operations.md states', () => {
    expect(service.ScalingTarget.MinTaskCount).toEqual({ Ref: 'MinTasks' })
    expect(service.ScalingTarget.MaxTaskCount).toEqual({ Ref: 'MaxTasks' })
    expect(service.ScalingTarget.AutoScalingMetric).toBe('REQUEST_COUNT_PER_TARGET')
    const { MinTasks, MaxTasks } = t.Parameters
    docHas(`${MinTasks.Default} to ${MaxTasks.Default} tasks`)
  })
})

/** The read-only index policy of a role: GetObject on the published prefix, nothing else. */
function expectReadOnlyIndex(role: any, principal: string) {
  expect(role.Type).toBe('AWS::IAM::Role')
  expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
    Service: principal,
  })
  const statements = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement)
  expect(statements).toEqual([
    {
      Effect: 'Allow',
      Action: 's3:GetObject',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation !Sub string
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${IndexBucket}/${IndexPrefix}/*' },
    },
  ])
}

/** The environment a service gets: INDEX_URL on the bucket and prefix, a cache in /tmp. */
function expectPullEnvironment(env: { Name: string; Value: unknown }[]) {
  const value = (name: string) => env.find((e) => e.Name === name)?.Value
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation !Sub string
  expect(value('INDEX_URL')).toEqual({ 'Fn::Sub': 's3://${IndexBucket}/${IndexPrefix}' })
  expect(value('INDEX_DIR')).toBe('/tmp/index')
  expect(value('INDEX_POLL_SECONDS')).toEqual({ Ref: 'IndexPollSeconds' })
}

describe('the index in S3: bucket, read-only roles, INDEX_URL', () => {
  test('index-bucket.yaml: a private, encrypted bucket that outlives its stack', () => {
    const bucket = template('deploy/index-bucket.yaml').Resources.IndexBucket
    expect(bucket.Type).toBe('AWS::S3::Bucket')
    expect(bucket.DeletionPolicy).toBe('Retain')
    expect(Object.values(bucket.Properties.PublicAccessBlockConfiguration)).toEqual([
      true,
      true,
      true,
      true,
    ])
  })

  test('App Runner: an instance role that may only read the index; INDEX_URL set', () => {
    const t = template('deploy/apprunner.yaml')
    expectReadOnlyIndex(t.Resources.InstanceRole, 'tasks.apprunner.amazonaws.com')
    const service = t.Resources.Service.Properties
    expect(service.InstanceConfiguration.InstanceRoleArn).toEqual({
      'Fn::GetAtt': 'InstanceRole.Arn',
    })
    expectPullEnvironment(
      service.SourceConfiguration.ImageRepository.ImageConfiguration.RuntimeEnvironmentVariables,
    )
    expect(t.Outputs.OriginDomainName.Value).toEqual({ 'Fn::GetAtt': 'Service.ServiceUrl' })
  })

  test('ECS Express: a task role that may only read the index; INDEX_URL set', () => {
    const t = template('deploy/ecs-express.yaml')
    expectReadOnlyIndex(t.Resources.TaskRole, 'ecs-tasks.amazonaws.com')
    const service = t.Resources.Service.Properties
    expect(service.TaskRoleArn).toEqual({ 'Fn::GetAtt': 'TaskRole.Arn' })
    expectPullEnvironment(service.PrimaryContainer.Environment)
    expect(t.Outputs.OriginDomainName.Value).toEqual({ 'Fn::GetAtt': 'Service.Endpoint' })
  })

  test('every scaling parameter says why it is set as it is', () => {
    const apprunner = template('deploy/apprunner.yaml').Parameters
    const ecs = template('deploy/ecs-express.yaml').Parameters
    for (const p of [
      apprunner.MaxConcurrency,
      apprunner.MinSize,
      ecs.TargetRequestsPerTask,
      ecs.MinTasks,
    ])
      expect(String(p.Description)).toMatch(/CDN|CloudFront|replacement/)
  })
})

describe('CloudFront (cdn.yaml)', () => {
  const t = template('deploy/cdn.yaml')
  const config = t.Resources.Distribution.Properties.DistributionConfig
  const behavior = config.DefaultCacheBehavior

  test('a cache policy keyed on the query string and Accept (and the normalised Accept-Encoding) only', () => {
    const policy = t.Resources.CachePolicy.Properties.CachePolicyConfig
    const key = policy.ParametersInCacheKeyAndForwardedToOrigin
    expect(key.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' })
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Accept'] })
    expect(key.CookiesConfig).toEqual({ CookieBehavior: 'none' })
    expect([key.EnableAcceptEncodingBrotli, key.EnableAcceptEncodingGzip]).toEqual([true, true])
    // lifetimes from the origin's Cache-Control: nothing kept that does not say so
    expect([policy.MinTTL, policy.DefaultTTL]).toEqual([0, 0])
    expect(behavior.CachePolicyId).toEqual({ Ref: 'CachePolicy' })
  })

  test('the origin is the service given, over HTTPS; GET and HEAD cached', () => {
    expect(config.Origins[0].DomainName).toEqual({ Ref: 'OriginDomainName' })
    expect(config.Origins[0].CustomOriginConfig.OriginProtocolPolicy).toBe('https-only')
    expect(behavior.CachedMethods).toEqual(['GET', 'HEAD'])
  })

  test('the canonical-query function runs on viewer requests and is deploy/cloudfront-query.js, inlined', () => {
    const fn = t.Resources.QueryFunction.Properties
    expect(fn.FunctionConfig.Runtime).toBe('cloudfront-js-2.0')
    expect(fn.FunctionCode).toBe(read('deploy/cloudfront-query.js'))
    expect(behavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': 'QueryFunction.FunctionARN' } },
    ])
  })

  test('deploy.sh publishes the index before the service and puts the CDN in front after it', () => {
    const script = read('deploy/deploy.sh')
    const order = [
      '--template-file deploy/index-bucket.yaml',
      '--publish "s3://',
      '--template-file "$template"',
      '--template-file deploy/cdn.yaml',
    ].map((step) => script.indexOf(step))
    expect(order.every((at) => at > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })
})

describe('deploy script', () => {
  test('every AWS value is an option or a parameter', () => {
    const script = read('deploy/deploy.sh')
    expect(script).not.toMatch(/\d{12}/)
    expect(script).not.toMatch(/(us|eu|ap)-(east|west|south|north|central)-\d/)
    for (const option of ['--region', '--repo', '--tag', '--stack', '--charts-file'])
      expect(script).toContain(`${option})`)
    expect(Bun.spawnSync(['bash', '-n', join(ROOT, 'deploy/deploy.sh')]).exitCode).toBe(0)
    const usage = Bun.spawnSync(['bash', join(ROOT, 'deploy/deploy.sh')])
    expect(usage.exitCode).toBe(2)
    expect(usage.stderr.toString()).toContain('usage: deploy/deploy.sh apprunner|ecs-express')
  })
})
