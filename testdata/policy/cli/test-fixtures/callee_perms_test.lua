-- workflows = {name = text}: one repository; local calls resolve among them.
return {
  { name = "a call to a reusable workflow without permissions",
    workflows = {
      ["ci.yml"] = [[
on: push
jobs:
  deploy:
    # expect: t/callee-perms
    uses: ./.github/workflows/deploy.yml
  lint:
    # ok: t/callee-perms
    uses: ./.github/workflows/lint.yml
  remote:
    # ok: t/callee-perms
    uses: acme/shared/.github/workflows/x.yml@v1
]],
      ["deploy.yml"] = "on: workflow_call\njobs:\n  d:\n    runs-on: x\n    steps: [{run: make}]\n",
      ["lint.yml"] = "on: workflow_call\npermissions: {}\njobs:\n  l:\n    runs-on: x\n    steps: [{run: make}]\n",
    },
    expect = { { at = "deploy", path = "jobs.deploy.uses", message = ".github/workflows/deploy.yml sets no permissions" } } },
  { name = "---- failing: the callee is missing from the fixture",
    workflows = {
      ["ci.yml"] = [[
on: push
jobs:
  deploy:
    # expect: t/callee-perms
    uses: ./.github/workflows/deploy.yml
]],
    } },
}
