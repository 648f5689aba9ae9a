variable "master_password" {
  type      = string
  sensitive = true
}

variable "port" {
  type      = number
  sensitive = true
}

resource "aws_ssm_parameter" "pw" {
  name  = "/db/pw"
  type  = "SecureString"
  value = var.master_password
}

resource "aws_ssm_parameter" "port" {
  name  = "/db/port"
  type  = "String"
  value = tostring(var.port)
}
