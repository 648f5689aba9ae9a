-- A policy pack from a pull request: its author writes the title, help, option texts and print
-- text, and none of it may drive the terminal (ESC/CSI/OSC), end a line (CR/LF) or reverse the
-- text (U+202E) in `rules`, `explain`, `--debug` or `infralint test`.
local esc = "\27[2J\27]0;pwned\7\27]8;;https://evil.example/\27\\link\27]8;;\27\\"
return policy {
  id = "hostile/escape",
  title = "Hostile " .. esc .. " title\r|forged|\u{202E}txt.lua",
  severity = "warning",
  kinds = { "plan" },
  origin = "origin " .. esc .. "\r\u{202E}",
  help = "First paragraph " .. esc .. "\r\u{202E}.\n\n" ..
         "plan.json: warning: FORGED finding [tf/forged]\n\nFix: nothing " .. esc .. ".",
  options = {
    label = { type = "string", default = "def " .. esc .. "\n\u{202E}",
              help = "help " .. esc .. "\r\nplan.json: error: FORGED [x]" },
  },
  check = function(plan, ctx)
    print("print", esc, "\r\nplan.json: error: FORGED finding [tf/forged]\u{202E}")
    ctx:report(plan:resource("aws_s3_bucket.logs") or plan,
               "message " .. esc .. "\nplan.json: error: FORGED [tf/forged]")
  end,
}
