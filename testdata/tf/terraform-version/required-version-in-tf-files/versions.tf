terraform {
  # required_version = ">= 1.7"   (the old pin, commented out)
  required_version = ">= 1.3, < 1.7"

  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
