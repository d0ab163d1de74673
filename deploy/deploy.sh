#!/usr/bin/env bash
# Deploys the service behind CloudFront, its index in S3, in four steps:
#  1. the index bucket (stack STACK-index, deploy/index-bucket.yaml);
#  2. the index built and published there (build-index --publish s3://BUCKET/charts): the
#     charts file given, else the built-in sample;
#  3. the cloud image (the Dockerfile's `cloud` stage: no index inside) pushed to ECR, and
#     the chosen service stack (STACK) created or updated;
#  4. CloudFront in front of it (stack STACK-cdn, deploy/cdn.yaml).
# A new dataset later is step 2 alone: every replica pulls it within INDEX_POLL_SECONDS.
#
#   deploy/deploy.sh apprunner|ecs-express [--region R] [--repo NAME] [--tag TAG]
#                    [--stack NAME] [--charts-file PATH] [-- KEY=VALUE ...]
#
# Every AWS value is an option or a stack parameter (KEY=VALUE after --); nothing is
# hard-coded. Needs: aws CLI v2 (configured credentials), docker, node and npm (npm install).
set -euo pipefail

usage="usage: deploy/deploy.sh apprunner|ecs-express [--region R] [--repo NAME] [--tag TAG] [--stack NAME] [--charts-file PATH] [-- KEY=VALUE ...]"
for arg in "$@"; do
  [ "$arg" = -- ] && break
  case "$arg" in
    -h|--help) printf '%s\n\n%s\n' "$usage" "Deploys the service behind CloudFront with its index in S3 (deploy/deploy.sh's header says the four steps); every AWS value is an option or a stack parameter (KEY=VALUE after --)."; exit 0 ;;
  esac
done
target=${1:-}
shift || true
case "$target" in
  apprunner) template=deploy/apprunner.yaml ;;
  ecs-express) template=deploy/ecs-express.yaml ;;
  *) printf "deploy: unknown target '%s'\n%s\n" "$target" "$usage" >&2; exit 2 ;;
esac

region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
repo=charts-api
tag=$(git rev-parse --short HEAD 2>/dev/null || date +%Y%m%d%H%M%S)
stack=spotify-charts-api
charts_file=
params=()
while [ $# -gt 0 ]; do
  case "$1" in
    --region) region=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --stack) stack=$2; shift 2 ;;
    --charts-file) charts_file=$2; shift 2 ;;
    --) shift; params=("$@"); break ;;
    *) printf "deploy: unknown option '%s'\n%s\n" "$1" "$usage" >&2; exit 2 ;;
  esac
done
[ -n "$region" ] || { echo "deploy: give --region or set AWS_REGION" >&2; exit 2; }

cd "$(dirname "$0")/.."
output() { aws cloudformation describe-stacks --region "$region" --stack-name "$1" --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text; }

# 1–2: the bucket, and the index published to it (credentials: the aws CLI's environment)
aws cloudformation deploy --region "$region" --stack-name "$stack-index" --template-file deploy/index-bucket.yaml
bucket=$(output "$stack-index" IndexBucket)
if [ -z "$charts_file" ]; then
  npx bun build/gen-data.ts --scale small --out /tmp/charts-sample.parquet
  charts_file=/tmp/charts-sample.parquet
fi
AWS_REGION="$region" npx bun build/build-index.ts --input "$charts_file" --publish "s3://$bucket/charts"

account=$(aws sts get-caller-identity --query Account --output text)
registry="$account.dkr.ecr.$region.amazonaws.com"
image="$registry/$repo:$tag"

aws ecr describe-repositories --region "$region" --repository-names "$repo" >/dev/null 2>&1 ||
  aws ecr create-repository --region "$region" --repository-name "$repo" --image-scanning-configuration scanOnPush=true >/dev/null
aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry"
docker build --platform linux/amd64 --target cloud -t "$image" .
docker push "$image"

aws cloudformation deploy \
  --region "$region" \
  --stack-name "$stack" \
  --template-file "$template" \
  --capabilities CAPABILITY_IAM \
  --parameter-overrides "ImageUri=$image" "IndexBucket=$bucket" IndexPrefix=charts "${params[@]}"

# 4: CloudFront in front
aws cloudformation deploy \
  --region "$region" \
  --stack-name "$stack-cdn" \
  --template-file deploy/cdn.yaml \
  --parameter-overrides "OriginDomainName=$(output "$stack" OriginDomainName)"
aws cloudformation describe-stacks --region "$region" --stack-name "$stack" --query 'Stacks[0].Outputs' --output table
aws cloudformation describe-stacks --region "$region" --stack-name "$stack-cdn" --query 'Stacks[0].Outputs' --output table
