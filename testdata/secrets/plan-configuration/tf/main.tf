terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIACANARYPROVIDER01"
  secret_key                  = "canary-provider-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  assume_role_with_web_identity {
    role_arn           = "arn:aws:iam::123456789012:role/ci"
    web_identity_token = "canary-provider-web-identity"
  }
}

variable "environment" {
  default = "prod"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "cnry5"
}

variable "api_token" {
  type      = string
  sensitive = true
  default   = "canary-variable-default-token"
}

resource "aws_db_instance" "main" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "app"
  password            = "cnry7"
  multi_az            = false
  skip_final_snapshot = true
}

resource "aws_ssm_parameter" "token" {
  name  = "/app/token"
  type  = "SecureString"
  value = var.api_token
}

resource "aws_ssm_parameter" "short" {
  name  = "/app/short"
  type  = "SecureString"
  value = "cnry4"
}

module "db" {
  source          = "./db"
  master_password = "canary-module-argument-pw"
  port            = 73519
}

output "conn" {
  value     = "postgres://app:canary-output-expression@db.internal/orders"
  sensitive = true
}

variable "fe_key" {
  type      = string
  sensitive = true
  default   = "canary-fe-key-42"
}

resource "aws_ssm_parameter" "fe" {
  for_each = toset([nonsensitive(var.fe_key)])
  name     = "/fe/${each.key}"
  type     = "String"
  value    = "x"
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "app:1"
    environment = [
      { name = "DB_PASSWORD", value = var.db_password },
      { name = "DB_HOST", value = aws_db_instance.main.address },
    ]
  }])
}
