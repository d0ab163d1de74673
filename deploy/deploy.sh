#!/usr/bin/env bash
# Builds the image, pushes it to ECR and creates or updates the chosen CloudFormation stack.
#
#   deploy/deploy.sh apprunner|ecs-express [--region R] [--repo NAME] [--tag TAG]
#                    [--stack NAME] [--charts-file PATH] [-- KEY=VALUE ...]
#
# Every AWS value is an option or a stack parameter (KEY=VALUE after --); nothing is
# hard-coded. Needs: aws CLI v2 (configured credentials), docker.
set -euo pipefail

target=${1:-}
shift || true
case "$target" in
  apprunner) template=deploy/apprunner.yaml ;;
  ecs-express) template=deploy/ecs-express.yaml ;;
  *) echo "usage: deploy/deploy.sh apprunner|ecs-express [--region R] [--repo NAME] [--tag TAG] [--stack NAME] [--charts-file PATH] [-- KEY=VALUE ...]" >&2; exit 2 ;;
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
    *) echo "deploy: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$region" ] || { echo "deploy: give --region or set AWS_REGION" >&2; exit 2; }

cd "$(dirname "$0")/.."
account=$(aws sts get-caller-identity --query Account --output text)
registry="$account.dkr.ecr.$region.amazonaws.com"
image="$registry/$repo:$tag"

aws ecr describe-repositories --region "$region" --repository-names "$repo" >/dev/null 2>&1 ||
  aws ecr create-repository --region "$region" --repository-name "$repo" --image-scanning-configuration scanOnPush=true >/dev/null
aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry"
docker build --platform linux/amd64 --build-arg CHARTS_FILE="$charts_file" -t "$image" .
docker push "$image"

aws cloudformation deploy \
  --region "$region" \
  --stack-name "$stack" \
  --template-file "$template" \
  --capabilities CAPABILITY_IAM \
  --parameter-overrides "ImageUri=$image" "${params[@]}"
aws cloudformation describe-stacks --region "$region" --stack-name "$stack" --query 'Stacks[0].Outputs' --output table
