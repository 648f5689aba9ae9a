-- examples/rds-multi-az — tf/rds-multi-az written as a Lua policy: a worked example of a plan
-- policy. Same findings, same words as the built-in (tests/policy_equivalence.py checks it on
-- the plans under testdata/policy/equivalence/) — except for a sensitive multi_az, which the
-- built-in evaluates and a policy cannot read. It shows how unset and unknown read:
--   r:get(path) is the value after apply; nil when unset (absent from the configuration: the
--   provider default applies); UNKNOWN when set but known only after apply; SENSITIVE when
--   marked sensitive. A finding reported at a location whose value is UNKNOWN is dropped
--   (on_unknown = "skip", the default), so "multi_az = var.ha" is never a false error.

local function known_string(v)
  return type(v) == "string" and v ~= ""
end

-- Does the cluster instance belong to cluster c? By reference in the configuration (the id is
-- unknown on create), or by a known identifier.
local function member_of(inst, c)
  if inst:refers("cluster_identifier", c) then
    return true
  end
  local id = inst:get("cluster_identifier")
  return known_string(id) and (id == c:get("cluster_identifier") or id == c:get("id"))
end

local function check_instance(ctx, r)
  local v = r:get("multi_az")
  if v == true or v == "true" then
    return
  end
  if v == SENSITIVE then
    -- a policy cannot read a sensitive value (the built-in can, and decides): record the skip
    return ctx:skip(r:at("multi_az"))
  end
  if v ~= nil and v ~= false and v ~= "false" and v ~= UNKNOWN then
    return -- not a boolean: the built-in does not decide either
  end
  ctx:report {
    at = r:at("multi_az"), -- when multi_az is UNKNOWN so is this location: the finding is dropped
    message = "multi_az is " .. (v == nil and "unset" or json.encode(v)) .. ": a single-AZ "
      .. "production database is down for the whole of an AZ outage and for every maintenance "
      .. "reboot",
    fix = "set multi_az = true",
  }
end

local function check_cluster(plan, ctx, c)
  if c:get("db_cluster_instance_class") ~= nil then
    return -- a Multi-AZ DB cluster: AWS places its three instances itself
  end
  local mode = c:get("engine_mode")
  if type(mode) == "string" and mode ~= "provisioned" then
    return -- serverless v1 / parallel query: no instances to count
  end
  local members, unresolved, zone, spread, zone_unknown = 0, 0, nil, false, false
  for inst in plan:resources("aws_rds_cluster_instance") do
    if member_of(inst, c) then
      members = members + 1
      local az = inst:get("availability_zone")
      if type(az) ~= "string" then
        zone_unknown = true
      elseif zone == nil then
        zone = az
      elseif az ~= zone then
        spread = true
      end
    elseif type(inst:get("cluster_identifier")) ~= "string"
        and inst:ref_count("cluster_identifier") == nil then
      unresolved = unresolved + 1 -- it may join this cluster: cannot tell before apply
    end
  end
  if members < 2 then
    if unresolved > 0 then
      ctx:skip(c:at("cluster_identifier")) -- which instances join it is known after apply
    else
      ctx:report {
        at = c,
        message = string.format("Aurora cluster has %d instance%s: no reader to fail over to "
          .. "when the writer or its AZ fails", members, members == 1 and "" or "s"),
        fix = "add a second aws_rds_cluster_instance (a reader in another AZ becomes the "
          .. "failover target)",
      }
    end
    return
  end
  if not spread and not zone_unknown and zone then
    ctx:report {
      at = c,
      message = string.format("all %d instances of the Aurora cluster are in %s: an AZ outage "
        .. "takes the whole cluster down", members, zone),
      fix = "spread the cluster instances over availability zones (or leave availability_zone "
        .. "unset so RDS spreads them)",
    }
  end
end

return policy {
  id = "examples/rds-multi-az",
  title = "Production databases are Multi-AZ (Lua example)",
  severity = "error",
  kinds = { "plan" },
  scope = "prod",
  origin = "deployment design 10.3: high availability in production; CKV_AWS_157; the Lua twin of tf/rds-multi-az",
  help = [[
A production `aws_db_instance` needs `multi_az = true` (a synchronous standby in a second AZ);
an Aurora cluster needs at least two instances, not all in one AZ. Values known only after
apply are not guessed: the finding is dropped (`on_unknown = "skip"`).

Fix: `multi_az = true`, or a second cluster instance in another AZ.]],
  check = function(plan, ctx)
    for r in plan:resources("aws_db_instance") do
      check_instance(ctx, r)
    end
    for c in plan:resources("aws_rds_cluster") do
      check_cluster(plan, ctx, c)
    end
  end,
}
