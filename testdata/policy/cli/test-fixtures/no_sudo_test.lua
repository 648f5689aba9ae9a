-- Fixture forms for workflow policies: workflow = [[…]], workflow_file =, inline marks, line =.
-- The cases after "---- failing" fail on purpose: expected.txt shows each failure message.
return {
  { name = "inline marks",
    workflow = [[
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      # expect: t/no-sudo
      - run: sudo apt-get install -y jq
      # ok: t/no-sudo
      - run: make
      # expect: t/no-sudo
      - run: |
          echo one
          sudo reboot
]] },
  { name = "a workflow file with its own marks", workflow_file = "fixtures/sudo.yml" },
  { name = "expect with line =",
    workflow = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: sudo true\n",
    expect = { { line = 6, path = "jobs.a.steps[0].run", message = "jobs.a.steps[0] runs sudo" } } },
  { name = "a mark and an expect entry may both describe one finding",
    workflow = [[
on: push
jobs:
  a:
    runs-on: x
    steps:
      # expect: t/no-sudo
      - run: sudo true
]],
    expect = { { at = "a", message = "runs sudo" } } },
  { name = "silent: expect = {} and no marks",
    workflow = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n",
    expect = {} },
  { name = "---- failing: a mark with no finding on the next line",
    workflow = [[
on: push
jobs:
  a:
    runs-on: x
    steps:
      # expect: t/no-sudo
      - run: make
]] },
  { name = "an unexpected finding",
    workflow = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: sudo true\n",
    expect = {} },
  { name = "an ok: mark violated",
    workflow = [[
on: push
jobs:
  a:
    runs-on: x
    steps:
      # ok: t/no-sudo
      - run: sudo true
]] },
  { name = "an ok: mark where an expected finding is",
    workflow = [[
on: push
jobs:
  a:
    runs-on: x
    steps:
      # ok: t/no-sudo
      - run: sudo true
]],
    expect = { { message = "runs sudo" } } },
  { name = "a mark that ends the file",
    workflow = "on: push\njobs: {}\n# ok: t/no-sudo\n" },
  { name = "neither expect nor marks",
    workflow = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: sudo true\n" },
  { name = "a line = that does not match",
    workflow = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: sudo true\n",
    expect = { { line = 5 } } },
  { name = "one finding cannot satisfy two marks",
    workflow = [[
on: push
jobs:
  a:
    runs-on: x
    steps:
      # expect: t/no-sudo
      # expect: t/no-sudo
      - run: sudo true
]] },
  { name = "a mark naming another rule",
    workflow = [[
on: push
jobs:
  a:
    runs-on: x
    steps:
      # expect: t/other
      - run: sudo true
]] },
  { name = "a missing workflow file", workflow_file = "fixtures/nope.yml" },
  { name = "a workflow that does not parse", workflow = "on: push\njobs: [\n", expect = {} },
  { name = "workflow is not text", workflow = { "on: push" }, expect = {} },
  { name = "workflows is not a table", workflows = "on: push", expect = {} },
  { name = "a bad workflows file name", workflows = { ["../escape.yml"] = "on: push" }, expect = {} },
  { name = "a line that is not a line number",
    workflow = "on: push\njobs: {}\n", expect = { { line = "six" } } },
}
