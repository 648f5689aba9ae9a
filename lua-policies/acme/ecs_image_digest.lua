-- acme/ecs-image-digest — ECS task definitions run images pinned by digest, so that what was
-- reviewed and scanned is what runs (a tag such as :latest or :1.4 can be pushed again).
-- Shows json.decode on a JSON document held in a string attribute.

-- repo@sha256:<64 hex digits>
local function pinned(image)
  local digest = image:match("@sha256:(%x+)$")
  return digest ~= nil and #digest == 64
end

local function exempt(image, globs)
  for _, g in ipairs(globs) do
    if glob(g, image) then
      return true
    end
  end
  return false
end

return policy {
  id = "acme/ecs-image-digest",
  title = "ECS task definitions pin container images by digest",
  severity = "error",
  kinds = { "plan" },
  scope = "staged",
  origin = "acme supply-chain standard; deployment design 10.2: blue/green on ECS (blue/green deploys a reviewed image)",
  options = {
    exempt = { type = "strings", default = {}, help = "images (globs) allowed without a digest" },
  },
  help = [[
A blue/green deploy shifts traffic to exactly the task definition that was planned. If its
image is a tag (`orders:1.4`, `nginx:latest`), whoever can push that tag decides what runs in
staging and production after review, and a rollback may not return to the old code.

Fix: reference images as `repository@sha256:<digest>` (CI knows the digest it pushed).]],
  check = function(plan, ctx)
    for r in plan:resources("aws_ecs_task_definition") do
      local text = r:get("container_definitions")
      if text == UNKNOWN then
        -- built from values known only after apply (an ECR URL being created): not guessed
        ctx:report(r:at("container_definitions"), "container_definitions is %s", text)
      elseif type(text) == "string" then
        local containers, err = json.decode(text)
        if containers == nil then
          ctx:report(r:at("container_definitions"), "container_definitions is not JSON: %s", err)
        else
          for _, c in ipairs(containers) do
            local image = c.image
            if type(image) == "string" and not pinned(image)
                and not exempt(image, ctx.options.exempt) then
              ctx:report {
                at = r:at("container_definitions"),
                message = string.format("container '%s' runs image '%s', which is not pinned by "
                  .. "digest", tostring(c.name), image),
                fix = "reference the image as repository@sha256:<digest>",
              }
            end
          end
        end
      end
    end
  end,
}
