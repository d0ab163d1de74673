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
