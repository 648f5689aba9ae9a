/*
terraform { required_version = "~> 0.12" }
*/
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
