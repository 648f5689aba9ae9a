#!/usr/bin/env python3
"""gen_project.py — a repository of workflows and goose migrations for the benchmark.

  gen_project.py --workflows 1000 --migrations 1000 --out bench/out/project-1000

Writes <out>/.github/workflows/*.yml and <out>/migrations/*.sql. The workflows are what real
repositories hold: CI with a matrix, path filters and caches; releases that build, push and
deploy through environments with OIDC; reusable workflows and their callers; scheduled jobs;
anchors, flow-style maps and long run scripts. Every fifth one breaks a rule (an unpinned
action, an injection, a write-all permission) so reporting is part of the cost. The migrations
are one goose history: tables created, columns added and dropped, indexes (some without
CONCURRENTLY), constraints with and without NOT VALID, data backfills, no-transaction files,
Down sections. Deterministic: the same arguments give the same bytes.
"""
import argparse
import os

CI = """name: ci-{i}
on:
  push:
    branches: [main, 'release/**']
    paths-ignore: ['docs/**', '*.md']
  pull_request:
    types: [opened, synchronize, reopened]
permissions:
  contents: read
concurrency:
  group: ci-{i}-${{{{ github.ref }}}}
  cancel-in-progress: true
env: &env
  GOFLAGS: -mod=readonly
  CGO_ENABLED: "0"
jobs:
  lint:
    runs-on: ubuntu-24.04
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with: {{persist-credentials: false}}
      - uses: actions/setup-go@3041bf56c941b39c61721a86cd11f3bb1338122a # v5.2.0
        with:
          go-version-file: go.mod
          cache: true
      - name: vet
        run: |
          go vet ./...
          test -z "$(gofmt -l .)"
  test:
    needs: lint
    runs-on: ${{{{ matrix.os }}}}
    timeout-minutes: 30
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-24.04, macos-14]
        go: ['1.22', '1.23']
        include:
          - os: ubuntu-24.04
            race: true
    env: *env
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with: {{persist-credentials: false}}
      - uses: actions/setup-go@3041bf56c941b39c61721a86cd11f3bb1338122a # v5.2.0
        with: {{go-version: '${{{{ matrix.go }}}}'}}
      - name: test
        run: go test ${{{{ matrix.race && '-race' || '' }}}} -coverprofile=cover.out ./...
      - uses: actions/upload-artifact@6f51ac03b9356f520e9adb1b1b7802705f340c2b # v4.5.0
        if: always()
        with:
          name: cover-${{{{ matrix.os }}}}-${{{{ matrix.go }}}}
          path: cover.out
          retention-days: 7
"""

RELEASE = """name: release-{i}
on:
  push:
    tags: ['v*']
  workflow_dispatch:
    inputs:
      version: {{description: version to deploy, required: true, type: string}}
permissions: {{}}
jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 20
    permissions: {{contents: read, id-token: write, packages: write}}
    outputs:
      digest: ${{{{ steps.push.outputs.digest }}}}
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with: {{persist-credentials: false}}
      - uses: docker/setup-buildx-action@6524bf65af31da8d45b59e8c27de4bd072b392f5 # v3.8.0
      - uses: docker/login-action@9780b0c442fbb1117ed29e0efdff1e18412f7567 # v3.3.0
        with:
          registry: ghcr.io
          username: ${{{{ github.actor }}}}
          password: ${{{{ secrets.GITHUB_TOKEN }}}}
      - id: push
        uses: docker/build-push-action@48aba3b46d1b1fec4febb7c5d0c644b249a11355 # v6.10.0
        with:
          push: true
          tags: ghcr.io/acme/svc-{i}:${{{{ github.sha }}}}
  staging:
    needs: build
    uses: ./.github/workflows/deploy-{i}.yml
    with: {{environment: staging, digest: '${{{{ needs.build.outputs.digest }}}}'}}
    secrets: inherit
  production:
    needs: staging
    if: github.ref_type == 'tag'
    uses: ./.github/workflows/deploy-{i}.yml
    with: {{environment: production, digest: '${{{{ needs.build.outputs.digest }}}}'}}
    secrets: inherit
"""

DEPLOY = """name: deploy-{i}
on:
  workflow_call:
    inputs:
      environment: {{type: string, required: true}}
      digest: {{type: string, required: true}}
permissions: {{contents: read, id-token: write}}
jobs:
  deploy:
    runs-on: ubuntu-24.04
    timeout-minutes: 45
    environment: ${{{{ inputs.environment }}}}
    concurrency: {{group: 'deploy-{i}-${{{{ inputs.environment }}}}', cancel-in-progress: false}}
    steps:
      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy-{i}
          aws-region: eu-west-1
      - uses: aws-actions/amazon-ecs-deploy-task-definition@f6a3d7ba2b8b2bb8b07bc4a1e4d0a0c4f4e1d1f0 # v2.2.0
        with:
          task-definition: task-definition.json
          service: svc-{i}
          cluster: ${{{{ inputs.environment }}}}
          codedeploy-appspec: appspec.yaml
          codedeploy-application: svc-{i}
          codedeploy-deployment-group: svc-{i}-${{{{ inputs.environment }}}}
          wait-for-service-stability: true
"""

NIGHTLY = """name: nightly-{i}
on:
  schedule: [{{cron: '17 3 * * *'}}]
  workflow_dispatch: {{}}
permissions: read-all
jobs:
  scan:
    runs-on: ubuntu-24.04
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with: {{persist-credentials: false}}
      - name: dependency audit
        shell: bash
        run: |
          set -euo pipefail
          for dir in services/*/; do
            (cd "$dir" && go list -m -json all > deps.json)
          done
          ./scripts/audit --format sarif --out audit.sarif services/*/deps.json
      - uses: github/codeql-action/upload-sarif@f09c1c0a94de965c15400f5634aa42fac8fb8f88 # v3.27.5
        with: {{sarif_file: audit.sarif}}
"""

BAD = """name: triage-{i}
on:
  issues:
    types: [opened]
  pull_request_target:
permissions: write-all
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{{{ github.event.pull_request.head.sha }}}}
      - uses: actions/github-script@v7
        with:
          script: |
            github.rest.issues.addLabels({{owner: context.repo.owner, repo: context.repo.repo,
              issue_number: context.issue.number, labels: ['triage']}})
      - name: greet
        run: echo "Thanks for '${{{{ github.event.issue.title }}}}'"
"""

KINDS = [CI, RELEASE, NIGHTLY, CI, BAD]


def migration(i):
    t = "t%04d" % (i // 5)
    k = i % 10
    up, down, header = [], [], ""
    if i % 5 == 0:
        up.append("CREATE TABLE %s (\n  id bigserial PRIMARY KEY,\n  account_id bigint NOT NULL,\n"
                  "  name text NOT NULL,\n  status text NOT NULL DEFAULT 'new',\n"
                  "  created_at timestamptz NOT NULL DEFAULT now()\n);" % t)
        down.append("DROP TABLE %s;" % t)
    elif k in (1, 6):
        up.append("ALTER TABLE %s ADD COLUMN note_%d text;" % (t, i))
        up.append("COMMENT ON COLUMN %s.note_%d IS 'free text; ''quoted'' ; -- not a comment';" % (t, i))
        down.append("ALTER TABLE %s DROP COLUMN note_%d;" % (t, i))
    elif k in (2, 7):
        header = "-- +goose NO TRANSACTION\n"
        conc = "" if i % 20 == 2 else "CONCURRENTLY "
        up.append("CREATE INDEX %sIF NOT EXISTS %s_account_%d ON %s (account_id, created_at);"
                  % (conc, t, i, t))
        down.append("DROP INDEX CONCURRENTLY IF EXISTS %s_account_%d;" % (t, i))
    elif k in (3, 8):
        nv = "" if i % 20 == 3 else " NOT VALID"
        up.append("ALTER TABLE %s ADD CONSTRAINT %s_status_%d CHECK (status IN ('new', 'done'))%s;"
                  % (t, t, i, nv))
        if nv:
            up.append("ALTER TABLE %s VALIDATE CONSTRAINT %s_status_%d;" % (t, t, i))
        down.append("ALTER TABLE %s DROP CONSTRAINT %s_status_%d;" % (t, t, i))
    else:
        up.append("-- +goose StatementBegin\nCREATE OR REPLACE FUNCTION %s_touch() RETURNS trigger AS $$\n"
                  "BEGIN\n  NEW.created_at := now(); -- keep it; a ; here is not the end\n  RETURN NEW;\n"
                  "END;\n$$ LANGUAGE plpgsql;\n-- +goose StatementEnd" % t)
        up.append("UPDATE %s SET status = 'done' WHERE status = 'closed';" % t)
        if i % 50 == 4:
            up.append("ALTER TABLE %s DROP COLUMN name;" % t)
        down.append("DROP FUNCTION IF EXISTS %s_touch();" % t)
    return "%s-- +goose Up\n%s\n\n-- +goose Down\n%s\n" % (header, "\n".join(up), "\n".join(down))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workflows", type=int, default=1000)
    ap.add_argument("--migrations", type=int, default=1000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    wdir = os.path.join(a.out, ".github", "workflows")
    mdir = os.path.join(a.out, "migrations")
    os.makedirs(wdir, exist_ok=True)
    os.makedirs(mdir, exist_ok=True)
    i = 0
    n = 0
    while n < a.workflows:
        kind = KINDS[i % len(KINDS)]
        name = {CI: "ci", RELEASE: "release", NIGHTLY: "nightly", BAD: "triage"}[kind]
        with open(os.path.join(wdir, "%s-%d.yml" % (name, i)), "w") as f:
            f.write(kind.format(i=i))
        n += 1
        if kind is RELEASE and n < a.workflows:
            with open(os.path.join(wdir, "deploy-%d.yml" % i), "w") as f:
                f.write(DEPLOY.format(i=i))
            n += 1
        i += 1
    for m in range(a.migrations):
        name = "%014d_step_%d.sql" % (20240101000000 + m * 100, m)
        with open(os.path.join(mdir, name), "w") as f:
            f.write(migration(m))


if __name__ == "__main__":
    main()
