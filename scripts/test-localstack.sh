#!/usr/bin/env bash
# npm run test:localstack: deploys the LocalStack profile of the CDK app with cdklocal and runs
# one deployment end to end against it (test/infra/localstack/e2e.ts). Without a reachable
# LocalStack it prints one line and succeeds, so CI on machines without Docker stays green.
set -euo pipefail
cd "$(dirname "$0")/.."

endpoint="${LOCALSTACK_ENDPOINT:-http://localhost:4566}"
if ! curl -fsS --max-time 5 "$endpoint/_localstack/health" >/dev/null 2>&1; then
  echo "LocalStack not reachable at $endpoint: skipping LocalStack tests"
  exit 0
fi

export AWS_ENDPOINT_URL="$endpoint"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_DEFAULT_REGION="$AWS_REGION"
admin_password="${FUEL_LOCAL_ADMIN_PASSWORD:-fuel-localstack-admin}"
outputs="cdk.out/localstack-outputs.json"
context=(
  -c profile=localstack
  -c sites=dc1
  -c "localAdminPassword=$admin_password"
  # Seen from LocalStack's Lambda containers on the compose network.
  -c "localDatabaseUrl=${FUEL_LOCAL_DATABASE_URL:-postgresql://fuel:fuel@postgres:5432/fuel?sslmode=disable}"
)

echo "[localstack] bootstrap and deploy to $endpoint"
npx cdklocal bootstrap --no-notices "${context[@]}"
npx cdklocal deploy --all --no-notices --require-approval never \
  --outputs-file "$outputs" "${context[@]}"

echo "[localstack] end-to-end deployment"
FUEL_LOCAL_ADMIN_PASSWORD="$admin_password" npx tsx test/infra/localstack/e2e.ts "$outputs"
