-- examples/remote-state-locking — tf/backend-locking written as a Lua policy: a worked example
-- of a backend policy. It reports what the built-in reports, with the same words, so the two
-- can be compared; an organisation would enable one of them, not both.
local tfversion = require("tfversion")

-- A backend setting that is on: JSON true, or the string "true" (what older files hold).
local function on(v)
  return v == true or v == "true"
end

local function nonempty(v)
  return type(v) == "string" and v ~= ""
end

return policy {
  id = "examples/remote-state-locking",
  title = "The S3 backend locks the state (Lua example)",
  severity = "error",
  kinds = { "backend" },
  origin = "deployment design 10.1: Terraform 1.6.x, remote state with locking; the Lua twin of tf/backend-locking",
  help = [[
An S3 backend without `dynamodb_table` or `use_lockfile = true` has no state locking: two
concurrent `terraform apply` runs (two CI jobs, or CI and a laptop) both write the state and
one of them loses resources.

Fix: `use_lockfile = true` (Terraform 1.10+, S3 native locking), or a `dynamodb_table` whose
hash key is `LockID` of type S.]],
  check = function(backend, ctx)
    if backend.type ~= "s3" or backend.state_store then
      return
    end
    local config = backend.config
    if config and (nonempty(config.dynamodb_table) or on(config.use_lockfile)) then
      return
    end
    -- the version the stack runs: the backend file's, else the plan's (the built-in does both)
    local version = backend.terraform_version
    local fix = "set dynamodb_table (a table with hash key LockID of type S), or "
      .. "use_lockfile = true on Terraform 1.10 or later"
    if tfversion.at_least(version, 1, 10) then
      fix = 'set use_lockfile = true in the backend "s3" block'
    end
    ctx:report {
      at = backend:at("config.use_lockfile"),
      message = "s3 backend without state locking (neither dynamodb_table nor use_lockfile = "
        .. "true): two concurrent applies can corrupt the state",
      fix = fix,
    }
  end,
}
