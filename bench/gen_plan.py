#!/usr/bin/env python3
"""gen_plan.py — a large, realistic `terraform show -json` plan for the benchmark (no downloads).

  gen_plan.py --resources 50000 --out bench/out/plan.json

Ten resource types in equal shares, each resource with the attributes, nested blocks, tags,
after_unknown / after_sensitive masks and planned_values a real AWS plan carries; each type is
one `count` (one configuration block), as large plans are. About 1.2 kB of JSON per resource: a
50,000-resource plan is about 60 MB. Every tenth resource breaks the benchmark policies' rule.
Deterministic: the same arguments give the same bytes.
"""
import argparse
import json
import os

TYPES = ["aws_instance", "aws_s3_bucket", "aws_security_group", "aws_db_instance",
         "aws_lambda_function", "aws_iam_role", "aws_sqs_queue", "aws_ecs_service",
         "aws_lb_target_group", "aws_cloudwatch_log_group"]


def attrs(rtype, i, bad):
    tags = {"Environment": "prod", "Owner": "team-%d" % (i % 40), "CostCenter": "cc-%d" % (i % 7)}
    common = {"tags": tags, "tags_all": tags}
    if rtype == "aws_instance":
        a = {"ami": "ami-%08x" % i, "instance_type": "m5.24xlarge" if bad else "t3.medium",
             "ebs_optimized": True, "monitoring": True, "subnet_id": "subnet-%06x" % (i % 97),
             "vpc_security_group_ids": ["sg-%06x" % (i % 13)],
             "root_block_device": [{"volume_size": 50, "volume_type": "gp3", "encrypted": True}]}
    elif rtype == "aws_s3_bucket":
        a = {"bucket": ("tmp-%d" if bad else "acme-prod-%d") % i, "force_destroy": False,
             "object_lock_enabled": False}
    elif rtype == "aws_security_group":
        a = {"name": "sg-%d" % i, "description": "service %d" % i, "vpc_id": "vpc-1",
             "ingress": [{"from_port": 22 if bad else 443, "to_port": 22 if bad else 443,
                          "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0" if bad else "10.0.0.0/8"],
                          "description": "in", "self": False}],
             "egress": [{"from_port": 0, "to_port": 0, "protocol": "-1",
                         "cidr_blocks": ["0.0.0.0/0"], "description": "out", "self": False}]}
    elif rtype == "aws_db_instance":
        a = {"identifier": "db-%d" % i, "engine": "postgres", "engine_version": "16.2",
             "instance_class": "db.r6g.large", "allocated_storage": 100, "multi_az": True,
             "storage_encrypted": not bad, "backup_retention_period": 14,
             "deletion_protection": True, "publicly_accessible": False,
             "password": "secret-password-%d" % i}
    elif rtype == "aws_lambda_function":
        a = {"function_name": "fn-%d" % i, "runtime": "python3.7" if bad else "python3.12",
             "handler": "app.handler", "memory_size": 256, "timeout": 30,
             "environment": [{"variables": {"STAGE": "prod", "LOG_LEVEL": "info"}}]}
    elif rtype == "aws_iam_role":
        a = {"name": "role-%d" % i, "path": "/" if bad else "/service/",
             "assume_role_policy": json.dumps({"Version": "2012-10-17", "Statement": [
                 {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                  "Action": "sts:AssumeRole"}]}), "max_session_duration": 3600}
    elif rtype == "aws_sqs_queue":
        a = {"name": "queue-%d" % i, "message_retention_seconds": 3600 if bad else 1209600,
             "visibility_timeout_seconds": 30, "sqs_managed_sse_enabled": True}
    elif rtype == "aws_ecs_service":
        a = {"name": "svc-%d" % i, "cluster": "main", "desired_count": 1 if bad else 3,
             "launch_type": "FARGATE",
             "deployment_controller": [{"type": "CODE_DEPLOY"}],
             "network_configuration": [{"subnets": ["subnet-a", "subnet-b"],
                                        "assign_public_ip": False, "security_groups": ["sg-1"]}]}
    elif rtype == "aws_lb_target_group":
        hc = {"enabled": True, "interval": 30, "matcher": "200", "healthy_threshold": 3}
        if not bad:
            hc["path"] = "/healthz"
        a = {"name": "tg-%d" % i, "port": 8080, "protocol": "HTTP", "target_type": "ip",
             "health_check": [hc]}
    else:
        a = {"name": "/aws/ecs/svc-%d" % i, "retention_in_days": 0 if bad else 30}
    a.update(common)
    return a


def mirror(v):
    if isinstance(v, dict):
        return {k: mirror(x) for k, x in v.items() if isinstance(x, (dict, list))}
    if isinstance(v, list):
        return [mirror(x) if isinstance(x, (dict, list)) else False for x in v]
    return False


def expressions(after):
    out = {}
    for k, v in after.items():
        if k == "tags_all":
            continue
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            out[k] = [expressions(x) for x in v]
        else:
            out[k] = {"constant_value": v}
    return out


def build(n):
    changes, planned, configs = [], [], []
    for i in range(n):
        rtype = TYPES[i % len(TYPES)]
        name, index = "fleet", i // len(TYPES)  # count = n / 10 instances of each type
        addr = "%s.%s[%d]" % (rtype, name, index)
        after = attrs(rtype, i, index % 10 == 0)  # a tenth of each type breaks a rule
        unknown = mirror(after)
        unknown.update({"id": True, "arn": True})
        sensitive = mirror(after)
        if "password" in after:
            sensitive["password"] = True
        provider = "registry.terraform.io/hashicorp/aws"
        changes.append({"address": addr, "mode": "managed", "type": rtype, "name": name,
                        "index": index, "provider_name": provider,
                        "change": {"actions": ["create"], "before": None, "after": after,
                                   "after_unknown": unknown, "before_sensitive": False,
                                   "after_sensitive": sensitive}})
        planned.append({"address": addr, "mode": "managed", "type": rtype, "name": name,
                        "index": index, "provider_name": provider, "schema_version": 0,
                        "values": after,
                        "sensitive_values": sensitive})
        if index == 0:  # the instances of a count share one configuration block
            configs.append({"address": "%s.%s" % (rtype, name), "mode": "managed",
                            "type": rtype, "name": name, "provider_config_key": "aws",
                            "expressions": expressions(after), "schema_version": 0,
                            "count_expression": {"constant_value": n // len(TYPES)}})
    return {"format_version": "1.2", "terraform_version": "1.6.6",
            "planned_values": {"root_module": {"resources": planned}},
            "resource_changes": changes,
            "configuration": {"provider_config": {"aws": {"name": "aws"}},
                              "root_module": {"resources": configs}}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", type=int, default=50000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(build(a.resources), f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
