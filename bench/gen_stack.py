#!/usr/bin/env python3
"""gen_stack.py — `terraform show -json` plans shaped like a real AWS stack, for the benchmark.

  gen_stack.py --shape real --resources 50000 --out bench/out/real-50000.json

The stack is what a platform team runs on ECS: per cell (a for_each instance of module "cell") a
VPC with subnets, an ALB with its HTTPS listener, an ECS cluster, a KMS key, an S3 log bucket
with versioning and encryption, a Redis replication group, module "db" (RDS PostgreSQL with its
subnet group, parameter group and security group) and module "service" for_each service (IAM
task and execution roles, queue and dead-letter queue, log group, security group, blue/green
target groups, listener rule, task definition, ECS service, autoscaling). The document has what
Terraform writes and in its order: `variables`, `planned_values` (child_modules per module
instance), `resource_changes` (sorted by address; before/after with their unknown and sensitive
masks), `output_changes`, `prior_state` (the data sources read while planning and every resource
that exists now), `configuration` (each module once, with constants and references),
`relevant_attributes`, compact, `<>&` escaped as Go does. Attribute sets and values follow the
AWS provider 5.x schema (every attribute present, null or empty when unset).

Shapes:
  real      a steady-state stack: most resources unchanged, some updated, created, replaced,
            a few deleted; prior_state holds what exists
  findings  a new stack (every resource created) where a fifth of the resources break a rule and
            a tenth carry sensitive values (passwords, tokens, secrets)
  clean     the findings shape without the violations (same size, same sensitive values): the
            difference in time is what the findings cost
  wide      a new stack with wide resources: task definitions of many containers, large IAM
            policies, security groups with long CIDR lists, long subnet lists
  unread    a new stack where four of five resources are of types no rule reads (DNS records,
            alarms, SSM parameters, policy attachments, dashboards, …)
Deterministic: the same arguments give the same bytes.
"""
import argparse
import hashlib
import json
import os

from gen_plan import mirror

PROVIDER = "registry.terraform.io/hashicorp/aws"
REGION = "eu-west-1"
ACCOUNT = "123456789012"
SERVICES = ["orders", "payments", "catalog", "search"]
AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


def h(*parts, n=17):
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()[:n]


def frac(*parts):
    """A stable number in [0, 1) for a name."""
    return int(hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()[:8], 16) / 2**32


def arn(service, what, *key):
    return "arn:aws:%s:%s:%s:%s/%s" % (service, REGION, ACCOUNT, what, h(*key, n=12))


class Ctx:
    """What one resource instance is made from: its cell, service, shape knobs."""

    def __init__(self, shape, cell, svc=None, key=None, bad=False, secret=False, wide=False):
        self.shape, self.cell, self.svc, self.key = shape, cell, svc, key
        self.bad, self.secret, self.wide = bad, secret, wide
        self.env = "prod"

    def tags(self, extra=None):
        t = {"CostCenter": "cc-%d" % (hash_int(self.cell) % 9), "Environment": self.env,
             "Owner": "platform"}
        if self.bad and self.shape == "findings":
            del t["CostCenter"]  # acme/required-tags
        t.update(extra or {})
        return dict(sorted(t.items()))


def hash_int(s):
    return int(h(s, n=8), 16)


def ids(c, kind, n, *key):
    return ["%s-%s" % (kind, h(c.cell, kind, i, *key)) for i in range(n)]


# ---- resource types: (attributes with their computed values, computed names, sensitive names) --
# Each function returns the full attribute object as the state holds it; `computed` names what the
# provider fills in (unknown while creating), `sensitive` what the schema marks sensitive.

def vpc(c):
    a = {"arn": arn("ec2", "vpc", c.cell), "assign_generated_ipv6_cidr_block": None,
         "cidr_block": "10.%d.0.0/16" % (hash_int(c.cell) % 250),
         "default_network_acl_id": "acl-" + h(c.cell, "acl"),
         "default_route_table_id": "rtb-" + h(c.cell, "rtb"),
         "default_security_group_id": "sg-" + h(c.cell, "dsg"),
         "dhcp_options_id": "dopt-" + h(c.cell, "dopt"), "enable_dns_hostnames": True,
         "enable_dns_support": True, "enable_network_address_usage_metrics": False,
         "id": "vpc-" + h(c.cell, "vpc"), "instance_tenancy": "default",
         "ipv4_ipam_pool_id": None, "ipv4_netmask_length": None, "ipv6_association_id": "",
         "ipv6_cidr_block": "", "ipv6_cidr_block_network_border_group": "",
         "ipv6_ipam_pool_id": "", "ipv6_netmask_length": 0,
         "main_route_table_id": "rtb-" + h(c.cell, "main"), "owner_id": ACCOUNT,
         "tags": {"Name": "%s-%s" % (c.cell, c.env)}, "tags_all": c.tags({"Name": "%s-%s" % (c.cell, c.env)})}
    return a, ["arn", "default_network_acl_id", "default_route_table_id",
               "default_security_group_id", "dhcp_options_id", "id", "ipv6_association_id",
               "ipv6_cidr_block_network_border_group", "main_route_table_id", "owner_id"], []


def subnet(c):
    tier, i = c.key
    name = "%s-%d" % (tier, i)
    a = {"arn": arn("ec2", "subnet", c.cell, tier, i), "assign_ipv6_address_on_creation": False,
         "availability_zone": AZS[i % 3], "availability_zone_id": "euw1-az%d" % (i % 3 + 1),
         "cidr_block": "10.%d.%d.0/20" % (hash_int(c.cell) % 250, (i + (8 if tier == "public" else 0)) * 16),
         "customer_owned_ipv4_pool": "", "enable_dns64": False, "enable_lni_at_device_index": 0,
         "enable_resource_name_dns_a_record_on_launch": False,
         "enable_resource_name_dns_aaaa_record_on_launch": False,
         "id": "subnet-" + h(c.cell, tier, i), "ipv6_cidr_block": "",
         "ipv6_cidr_block_association_id": "", "ipv6_native": False,
         "map_customer_owned_ip_on_launch": False, "map_public_ip_on_launch": False,
         "outpost_arn": "", "owner_id": ACCOUNT, "private_dns_hostname_type_on_launch": "ip-name",
         "tags": {"Name": name, "Tier": tier}, "tags_all": c.tags({"Name": name, "Tier": tier}),
         "timeouts": None, "vpc_id": "vpc-" + h(c.cell, "vpc")}
    return a, ["arn", "availability_zone_id", "id", "ipv6_cidr_block_association_id", "owner_id",
               "private_dns_hostname_type_on_launch"], []


def sg_rule(from_port, to_port, protocol, cidrs, desc=""):
    return {"cidr_blocks": cidrs, "description": desc, "from_port": from_port,
            "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": protocol,
            "security_groups": [], "self": False, "to_port": to_port}


def security_group(c):
    role = c.key
    if role == "alb":
        ingress = [sg_rule(443, 443, "tcp", ["0.0.0.0/0"], "https")]
        egress = [sg_rule(0, 0, "-1", ["10.0.0.0/8"])]
    elif role == "db":
        ingress = [sg_rule(5432, 5432, "tcp", ["10.0.0.0/8"], "postgres")]
        egress = []
    else:
        port = 8080 + SERVICES.index(c.svc)
        src = ["0.0.0.0/0"] if c.bad else ["10.0.0.0/8"]
        ingress = [sg_rule(22 if c.bad else port, 22 if c.bad else port, "tcp", src)]
        egress = [sg_rule(0, 0, "-1", ["0.0.0.0/0"])]
    if c.wide:  # a partner allow-list: hundreds of CIDR blocks
        ingress.append(sg_rule(443, 443, "tcp",
                               ["100.%d.%d.0/24" % (k // 250, k % 250) for k in range(400)],
                               "partners"))
    name = "%s-%s-%s" % (c.cell, c.svc or role, c.env)
    a = {"arn": arn("ec2", "security-group", c.cell, role, c.svc),
         "description": "Managed by Terraform" if role != "alb" else "public load balancer",
         "egress": egress, "id": "sg-" + h(c.cell, role, c.svc), "ingress": ingress,
         "name": name, "name_prefix": "", "owner_id": ACCOUNT, "revoke_rules_on_delete": False,
         "tags": None, "tags_all": c.tags(), "timeouts": None, "vpc_id": "vpc-" + h(c.cell, "vpc")}
    return a, ["arn", "id", "name_prefix", "owner_id"], []


def lb(c):
    a = {"access_logs": [{"bucket": "acme-%s-%s-alb-logs" % (c.cell, c.env), "enabled": True,
                          "prefix": ""}],
         "arn": arn("elasticloadbalancing", "loadbalancer/app", c.cell),
         "arn_suffix": "app/%s/%s" % (c.cell, h(c.cell, "lb")), "client_keep_alive": 3600,
         "connection_logs": [], "customer_owned_ipv4_pool": "", "desync_mitigation_mode": "defensive",
         "dns_name": "%s-%s.%s.elb.amazonaws.com" % (c.cell, h(c.cell, "dns", n=8), REGION),
         "dns_record_client_routing_policy": None, "drop_invalid_header_fields": True,
         "enable_cross_zone_load_balancing": True, "enable_deletion_protection": True,
         "enable_http2": True, "enable_tls_version_and_cipher_suite_headers": False,
         "enable_waf_fail_open": False, "enable_xff_client_port": False, "enable_zonal_shift": False,
         "enforce_security_group_inbound_rules_on_private_link_traffic": "",
         "id": arn("elasticloadbalancing", "loadbalancer/app", c.cell), "idle_timeout": 60,
         "internal": False, "ip_address_type": "ipv4", "ipam_pools": [],
         "load_balancer_type": "application", "minimum_load_balancer_capacity": [],
         "name": "%s-%s" % (c.cell, c.env), "name_prefix": "", "preserve_host_header": False,
         "security_groups": ["sg-" + h(c.cell, "alb", None)], "subnet_mapping": [],
         "subnets": ids(c, "subnet", 3, "public"), "tags": None, "tags_all": c.tags(),
         "timeouts": None, "vpc_id": "vpc-" + h(c.cell, "vpc"), "xff_header_processing_mode": "append",
         "zone_id": "Z32O12XQLNTSW2"}
    return a, ["arn", "arn_suffix", "dns_name", "id", "vpc_id", "zone_id", "subnet_mapping"], []


def lb_listener(c):
    routing = {k: None for k in (
        "routing_http_request_x_amzn_mtls_clientcert_header_name",
        "routing_http_request_x_amzn_mtls_clientcert_issuer_header_name",
        "routing_http_request_x_amzn_mtls_clientcert_leaf_header_name",
        "routing_http_request_x_amzn_mtls_clientcert_serial_number_header_name",
        "routing_http_request_x_amzn_mtls_clientcert_subject_header_name",
        "routing_http_request_x_amzn_mtls_clientcert_validity_header_name",
        "routing_http_request_x_amzn_tls_cipher_suite_header_name",
        "routing_http_request_x_amzn_tls_version_header_name",
        "routing_http_response_access_control_allow_credentials_header_value",
        "routing_http_response_access_control_allow_headers_header_value",
        "routing_http_response_access_control_allow_methods_header_value",
        "routing_http_response_access_control_allow_origin_header_value",
        "routing_http_response_access_control_expose_headers_header_value",
        "routing_http_response_access_control_max_age_header_value",
        "routing_http_response_content_security_policy_header_value",
        "routing_http_response_strict_transport_security_header_value",
        "routing_http_response_x_content_type_options_header_value",
        "routing_http_response_x_frame_options_header_value")}
    a = {"alpn_policy": None, "arn": arn("elasticloadbalancing", "listener/app", c.cell),
         "certificate_arn": "arn:aws:acm:%s:%s:certificate/%s" % (REGION, ACCOUNT, h(c.cell, "cert")),
         "default_action": [{"authenticate_cognito": [], "authenticate_oidc": [],
                             "fixed_response": [{"content_type": "text/plain", "message_body": "",
                                                 "status_code": "404"}],
                             "forward": [], "order": 1, "redirect": [], "target_group_arn": "",
                             "type": "fixed-response"}],
         "id": arn("elasticloadbalancing", "listener/app", c.cell),
         "load_balancer_arn": arn("elasticloadbalancing", "loadbalancer/app", c.cell),
         "mutual_authentication": [], "port": 443, "protocol": "HTTPS",
         "routing_http_response_server_enabled": True,
         "ssl_policy": "ELBSecurityPolicy-TLS-1-0-2015-04" if c.bad else
         "ELBSecurityPolicy-TLS13-1-2-2021-06",
         "tags": None, "tags_all": c.tags(), "tcp_idle_timeout_seconds": None, "timeouts": None}
    a.update(routing)
    return dict(sorted(a.items())), ["arn", "id", "mutual_authentication"], []


def s3_bucket(c):
    name = "acme-%s-%s-alb-logs" % (c.cell, c.env)
    a = {"acceleration_status": "", "acl": None, "arn": "arn:aws:s3:::" + name, "bucket": name,
         "bucket_domain_name": name + ".s3.amazonaws.com", "bucket_prefix": "",
         "bucket_regional_domain_name": "%s.s3.%s.amazonaws.com" % (name, REGION),
         "cors_rule": [], "force_destroy": False, "grant": [
             {"id": h(c.cell, "owner", n=32), "permissions": ["FULL_CONTROL"], "type": "CanonicalUser",
              "uri": ""}],
         "hosted_zone_id": "Z1BKCTXD74EZPE", "id": name, "lifecycle_rule": [], "logging": [],
         "object_lock_configuration": [], "object_lock_enabled": False, "policy": "",
         "region": REGION, "replication_configuration": [], "request_payer": "BucketOwner",
         "server_side_encryption_configuration": [
             {"rule": [{"apply_server_side_encryption_by_default": [
                 {"kms_master_key_id": "", "sse_algorithm": "AES256"}], "bucket_key_enabled": False}]}],
         "tags": None, "tags_all": c.tags(), "timeouts": None,
         "versioning": [{"enabled": True, "mfa_delete": False}], "website": [],
         "website_domain": None, "website_endpoint": None}
    return a, ["acceleration_status", "acl", "arn", "bucket_domain_name", "bucket_regional_domain_name",
               "cors_rule", "grant", "hosted_zone_id", "id", "lifecycle_rule", "logging",
               "object_lock_configuration", "policy", "region", "replication_configuration",
               "request_payer", "server_side_encryption_configuration", "versioning", "website",
               "website_domain", "website_endpoint"], []


def s3_versioning(c):
    name = "acme-%s-%s-alb-logs" % (c.cell, c.env)
    a = {"bucket": name, "expected_bucket_owner": "", "id": name, "mfa": None,
         "versioning_configuration": [{"mfa_delete": "", "status": "Enabled"}]}
    return a, ["id"], []


def s3_sse(c):
    name = "acme-%s-%s-alb-logs" % (c.cell, c.env)
    a = {"bucket": name, "expected_bucket_owner": "", "id": name,
         "rule": [{"apply_server_side_encryption_by_default": [
             {"kms_master_key_id": arn("kms", "key", c.cell), "sse_algorithm": "aws:kms"}],
             "bucket_key_enabled": True}]}
    return a, ["id"], []


def policy_doc(statements):
    return json.dumps({"Statement": statements, "Version": "2012-10-17"}, separators=(",", ":"))


def kms_key(c):
    st = [{"Action": "kms:*", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % ACCOUNT},
           "Resource": "*", "Sid": "root"}]
    if c.wide:
        st += [{"Action": ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"], "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::%s:role/%s-%d" % (ACCOUNT, c.cell, k)},
                "Resource": "*", "Sid": "use%d" % k,
                "Condition": {"StringEquals": {"kms:ViaService": "s3.%s.amazonaws.com" % REGION}}}
               for k in range(60)]
    a = {"arn": arn("kms", "key", c.cell), "bypass_policy_lockout_safety_check": False,
         "custom_key_store_id": "", "customer_master_key_spec": "SYMMETRIC_DEFAULT",
         "deletion_window_in_days": 30, "description": "%s %s" % (c.cell, c.env),
         "enable_key_rotation": True, "id": h(c.cell, "kms", n=36), "is_enabled": True,
         "key_id": h(c.cell, "kms", n=36), "key_usage": "ENCRYPT_DECRYPT", "multi_region": False,
         "policy": policy_doc(st), "rotation_period_in_days": 365, "tags": None,
         "tags_all": c.tags(), "timeouts": None, "xks_key_id": ""}
    return a, ["arn", "id", "key_id", "multi_region", "rotation_period_in_days"], []


def ecs_cluster(c):
    a = {"arn": arn("ecs", "cluster", c.cell), "configuration": [], "id": arn("ecs", "cluster", c.cell),
         "name": "%s-%s" % (c.cell, c.env), "service_connect_defaults": [],
         "setting": [{"name": "containerInsights", "value": "disabled" if c.bad else "enabled"}],
         "tags": None,
         "tags_all": c.tags()}
    return a, ["arn", "id"], []


def cache_subnet_group(c):
    a = {"arn": arn("elasticache", "subnetgroup", c.cell), "description": "Managed by Terraform",
         "id": "cache-%s-%s" % (c.cell, c.env), "name": "cache-%s-%s" % (c.cell, c.env),
         "subnet_ids": ids(c, "subnet", 3, "private"), "tags": None, "tags_all": c.tags(),
         "vpc_id": "vpc-" + h(c.cell, "vpc")}
    return a, ["arn", "id", "vpc_id"], []


def cache_group(c):
    a = {"apply_immediately": None, "arn": arn("elasticache", "replicationgroup", c.cell),
         "at_rest_encryption_enabled": "true", "auth_token": "tok-" + h(c.cell, "auth", n=28),
         "auth_token_update_strategy": "ROTATE", "auto_minor_version_upgrade": "true",
         "automatic_failover_enabled": not c.bad, "cluster_enabled": False,
         "cluster_mode": "disabled", "configuration_endpoint_address": "",
         "data_tiering_enabled": False, "description": "session cache", "engine": "redis",
         "engine_version": "7.1", "engine_version_actual": "7.1.0", "final_snapshot_identifier": None,
         "global_replication_group_id": "", "id": "cache-%s-%s" % (c.cell, c.env),
         "ip_discovery": "ipv4", "kms_key_id": "", "log_delivery_configuration": [],
         "maintenance_window": "sun:05:00-sun:06:00",
         "member_clusters": ["cache-%s-%s-00%d" % (c.cell, c.env, k) for k in (1, 2)],
         "multi_az_enabled": not c.bad, "network_type": "ipv4", "node_type": "cache.r6g.large",
         "notification_topic_arn": None, "num_cache_clusters": 2, "num_node_groups": 1,
         "parameter_group_name": "default.redis7", "port": 6379,
         "preferred_cache_cluster_azs": None,
         "primary_endpoint_address": "master.cache-%s.%s.euw1.cache.amazonaws.com" % (c.cell, h(c.cell, "ep", n=6)),
         "reader_endpoint_address": "replica.cache-%s.%s.euw1.cache.amazonaws.com" % (c.cell, h(c.cell, "ep", n=6)),
         "replicas_per_node_group": 1, "replication_group_id": "cache-%s-%s" % (c.cell, c.env),
         "security_group_ids": ["sg-" + h(c.cell, "cache")], "security_group_names": [],
         "snapshot_arns": None, "snapshot_name": None, "snapshot_retention_limit": 0,
         "snapshot_window": "03:00-04:00", "subnet_group_name": "cache-%s-%s" % (c.cell, c.env),
         "tags": None, "tags_all": c.tags(), "timeouts": None, "transit_encryption_enabled": not c.bad,
         "transit_encryption_mode": "" if c.bad else "required", "user_group_ids": None}
    return a, ["arn", "configuration_endpoint_address", "engine_version_actual", "id",
               "member_clusters", "primary_endpoint_address", "reader_endpoint_address",
               "global_replication_group_id", "cluster_mode"], ["auth_token"]


def db_subnet_group(c):
    a = {"arn": arn("rds", "subgrp", c.cell), "description": "Managed by Terraform",
         "id": "orders-%s-%s" % (c.cell, c.env), "name": "orders-%s-%s" % (c.cell, c.env),
         "name_prefix": "", "subnet_ids": ids(c, "subnet", 3, "private"),
         "supported_network_types": ["IPV4"], "tags": None, "tags_all": c.tags(),
         "vpc_id": "vpc-" + h(c.cell, "vpc")}
    return a, ["arn", "id", "name_prefix", "supported_network_types", "vpc_id"], []


def db_parameter_group(c):
    a = {"arn": arn("rds", "pg", c.cell), "description": "Managed by Terraform", "family": "postgres16",
         "id": "orders-pg16-%s-%s" % (c.cell, c.env), "name": "orders-pg16-%s-%s" % (c.cell, c.env),
         "name_prefix": "", "parameter": [
             {"apply_method": "immediate", "name": "log_min_duration_statement", "value": "500"},
             {"apply_method": "immediate", "name": "rds.force_ssl", "value": "1"}],
         "skip_destroy": False, "tags": None, "tags_all": c.tags()}
    return a, ["arn", "id", "name_prefix"], []


def db_instance(c):
    ident = "orders-%s-%s" % (c.cell, c.env)
    a = {"address": "%s.%s.%s.rds.amazonaws.com" % (ident, h(c.cell, "rds", n=12), REGION),
         "allocated_storage": 100, "allow_major_version_upgrade": None, "apply_immediately": False,
         "arn": "arn:aws:rds:%s:%s:db:%s" % (REGION, ACCOUNT, ident),
         "auto_minor_version_upgrade": True, "availability_zone": AZS[0],
         "backup_retention_period": 3 if c.bad else 14, "backup_target": "region",
         "backup_window": "02:00-03:00", "blue_green_update": [],
         "ca_cert_identifier": "rds-ca-rsa2048-g1", "character_set_name": "",
         "copy_tags_to_snapshot": True, "custom_iam_instance_profile": "",
         "customer_owned_ip_enabled": False, "database_insights_mode": "standard", "db_name": "orders",
         "db_subnet_group_name": "orders-%s-%s" % (c.cell, c.env), "dedicated_log_volume": False,
         "delete_automated_backups": True, "deletion_protection": True, "domain": "",
         "domain_auth_secret_arn": "", "domain_dns_ips": [], "domain_fqdn": "",
         "domain_iam_role_name": "", "domain_ou": "",
         "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"],
         "endpoint": "%s.%s.%s.rds.amazonaws.com:5432" % (ident, h(c.cell, "rds", n=12), REGION),
         "engine": "postgres", "engine_lifecycle_support": "open-source-rds-extended-support",
         "engine_version": "16.3", "engine_version_actual": "16.3",
         "final_snapshot_identifier": ident + "-final", "hosted_zone_id": "Z29XKXDKYMONMX",
         "iam_database_authentication_enabled": False, "id": "db-" + h(c.cell, "dbid", n=26).upper(),
         "identifier": ident, "identifier_prefix": "", "instance_class": "db.r6g.large", "iops": 3000,
         "kms_key_id": arn("kms", "key", c.cell), "latest_restorable_time": "2026-12-06T08:45:00Z",
         "license_model": "postgresql-license", "listener_endpoint": [],
         "maintenance_window": "sun:04:00-sun:04:30", "manage_master_user_password": None,
         "master_user_secret": [], "master_user_secret_kms_key_id": None,
         "max_allocated_storage": 500, "monitoring_interval": 60,
         "monitoring_role_arn": "arn:aws:iam::%s:role/rds-monitoring" % ACCOUNT,
         "multi_az": not c.bad, "nchar_character_set_name": "", "network_type": "IPV4",
         "option_group_name": "default:postgres-16", "parameter_group_name": "orders-pg16-%s-%s" % (c.cell, c.env),
         "password": "pw-" + h(c.cell, "dbpw", n=24), "password_wo": None, "password_wo_version": None,
         "performance_insights_enabled": True, "performance_insights_kms_key_id": arn("kms", "key", c.cell),
         "performance_insights_retention_period": 7, "port": 5432, "publicly_accessible": False,
         "replica_mode": "", "replicas": [], "replicate_source_db": "",
         "resource_id": "db-" + h(c.cell, "res", n=26).upper(), "restore_to_point_in_time": [],
         "s3_import": [], "skip_final_snapshot": False, "snapshot_identifier": None,
         "status": "available", "storage_encrypted": not c.bad, "storage_throughput": 125,
         "storage_type": "gp3", "tags": None, "tags_all": c.tags(), "timeouts": None, "timezone": "",
         "upgrade_storage_config": None, "username": "orders",
         "vpc_security_group_ids": ["sg-" + h(c.cell, "db", None)]}
    return a, ["address", "arn", "availability_zone", "backup_target", "backup_window",
               "ca_cert_identifier", "character_set_name", "db_name", "endpoint",
               "engine_version_actual", "hosted_zone_id", "id", "identifier_prefix", "iops",
               "kms_key_id", "latest_restorable_time", "license_model", "listener_endpoint",
               "maintenance_window", "master_user_secret", "nchar_character_set_name",
               "network_type", "option_group_name", "replicas", "resource_id", "status",
               "storage_throughput", "storage_type", "timezone"], ["password", "password_wo"]


def assume_policy(bad=False):
    principal = {"AWS": "*"} if bad else {"Service": "ecs-tasks.amazonaws.com"}  # tf/iam-trust-open
    return policy_doc([{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": principal}])


def iam_role(c):
    name = "%s-%s-%s-%s" % (c.cell, c.svc, c.key, c.env)
    a = {"arn": "arn:aws:iam::%s:role/%s" % (ACCOUNT, name), "assume_role_policy": assume_policy(c.bad),
         "create_date": "2025-03-14T09:26:53Z", "description": "", "force_detach_policies": False,
         "id": name, "inline_policy": [], "managed_policy_arns": [], "max_session_duration": 3600,
         "name": name, "name_prefix": "", "path": "/", "permissions_boundary": "", "tags": None,
         "tags_all": c.tags(), "unique_id": "AROA" + h(name, n=17).upper()}
    return a, ["arn", "create_date", "id", "inline_policy", "managed_policy_arns", "name_prefix",
               "unique_id"], []


def role_policy(c):
    queues = [arn("sqs", "q", c.cell, c.svc, q) for q in ("jobs", "dlq")]
    st = [{"Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
           "Effect": "Allow", "Resource": queues}]
    if c.bad:
        st.append({"Action": "*", "Effect": "Allow", "Resource": "*"})  # tf/iam-wildcard
    if c.wide:
        st += [{"Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
                "Effect": "Allow", "Sid": "Data%d" % k,
                "Resource": ["arn:aws:s3:::acme-%s-data-%d" % (c.cell, k),
                             "arn:aws:s3:::acme-%s-data-%d/*" % (c.cell, k)],
                "Condition": {"StringEquals": {"aws:ResourceTag/Team": "team-%d" % (k % 12)}}}
               for k in range(80)]
    role = "%s-%s-task-%s" % (c.cell, c.svc, c.env)
    a = {"id": role + ":queues", "name": "queues", "name_prefix": "",
         "policy": json.dumps({"Version": "2012-10-17", "Statement": st}, separators=(",", ":")),
         "role": role}
    return a, ["id", "name_prefix"], []


def log_group(c):
    a = {"arn": "arn:aws:logs:%s:%s:log-group:/ecs/%s-%s-%s" % (REGION, ACCOUNT, c.cell, c.svc, c.env),
         "id": "/ecs/%s-%s-%s" % (c.cell, c.svc, c.env), "kms_key_id": "", "log_group_class": "STANDARD",
         "name": "/ecs/%s-%s-%s" % (c.cell, c.svc, c.env), "name_prefix": "",
         "retention_in_days": 30, "skip_destroy": False, "tags": None, "tags_all": c.tags()}
    return a, ["arn", "id", "log_group_class", "name_prefix"], []


def sqs_queue(c):
    q = c.key
    name = "%s-%s-%s-%s" % (c.cell, c.svc, q, c.env)
    redrive = "" if q == "dlq" or c.bad else json.dumps(
        {"deadLetterTargetArn": arn("sqs", "q", c.cell, c.svc, "dlq"), "maxReceiveCount": 5},
        separators=(",", ":"))
    a = {"arn": arn("sqs", "q", c.cell, c.svc, q), "content_based_deduplication": False,
         "deduplication_scope": "", "delay_seconds": 0, "fifo_queue": False,
         "fifo_throughput_limit": "", "id": "https://sqs.%s.amazonaws.com/%s/%s" % (REGION, ACCOUNT, name),
         "kms_data_key_reuse_period_seconds": 300, "kms_master_key_id": "", "max_message_size": 262144,
         "message_retention_seconds": 1209600 if q == "dlq" else 345600, "name": name,
         "name_prefix": "", "policy": "", "receive_wait_time_seconds": 0, "redrive_allow_policy": "",
         "redrive_policy": redrive, "sqs_managed_sse_enabled": not c.bad,  # tf/encryption-at-rest
         "tags": None,
         "tags_all": c.tags(), "timeouts": None,
         "url": "https://sqs.%s.amazonaws.com/%s/%s" % (REGION, ACCOUNT, name),
         "visibility_timeout_seconds": 60 if q == "jobs" else 30}
    return a, ["arn", "deduplication_scope", "fifo_throughput_limit", "id",
               "kms_data_key_reuse_period_seconds", "name_prefix", "policy",
               "redrive_allow_policy", "url"], []


def target_group(c):
    color = c.key
    hc = {"enabled": True, "healthy_threshold": 3, "interval": 15, "matcher": "200",
          "path": "" if c.bad else "/healthz", "port": "traffic-port", "protocol": "HTTP",
          "timeout": 5, "unhealthy_threshold": 3}
    name = "%s-%s-%s" % (c.svc[:6], color, h(c.cell, n=8))
    a = {"arn": arn("elasticloadbalancing", "targetgroup/" + name, c.cell, c.svc, color),
         "arn_suffix": "targetgroup/%s/%s" % (name, h(c.cell, c.svc, color)),
         "connection_termination": False, "deregistration_delay": "300", "health_check": [hc],
         "id": arn("elasticloadbalancing", "targetgroup/" + name, c.cell, c.svc, color),
         "ip_address_type": "ipv4", "lambda_multi_value_headers_enabled": False,
         "load_balancer_arns": [arn("elasticloadbalancing", "loadbalancer/app", c.cell)],
         "load_balancing_algorithm_type": "round_robin", "load_balancing_anomaly_mitigation": "off",
         "load_balancing_cross_zone_enabled": "use_load_balancer_configuration", "name": name,
         "name_prefix": "", "port": 8080 + SERVICES.index(c.svc), "preserve_client_ip": None,
         "protocol": "HTTP", "protocol_version": "HTTP1", "proxy_protocol_v2": False,
         "slow_start": 0, "stickiness": [{"cookie_duration": 86400, "cookie_name": "", "enabled": False,
                                          "type": "lb_cookie"}],
         "tags": None, "tags_all": c.tags(), "target_failover": [], "target_group_health": [
             {"dns_failover": [{"minimum_healthy_targets_count": "1", "minimum_healthy_targets_percentage": "off"}],
              "unhealthy_state_routing": [{"minimum_healthy_targets_count": 1,
                                           "minimum_healthy_targets_percentage": "off"}]}],
         "target_health_state": [], "target_type": "ip", "vpc_id": "vpc-" + h(c.cell, "vpc")}
    return a, ["arn", "arn_suffix", "connection_termination", "id", "ip_address_type",
               "load_balancer_arns", "load_balancing_algorithm_type",
               "load_balancing_anomaly_mitigation", "load_balancing_cross_zone_enabled",
               "name_prefix", "preserve_client_ip", "protocol_version", "stickiness",
               "target_failover", "target_group_health", "target_health_state"], []


def listener_rule(c):
    a = {"action": [{"authenticate_cognito": [], "authenticate_oidc": [], "fixed_response": [],
                     "forward": [], "order": 1, "redirect": [],
                     "target_group_arn": arn("elasticloadbalancing", "targetgroup", c.cell, c.svc, "blue"),
                     "type": "forward"}],
         "arn": arn("elasticloadbalancing", "listener-rule/app", c.cell, c.svc),
         "condition": [{"host_header": [{"values": ["%s.%s.example.com" % (c.svc, c.cell)]}],
                        "http_header": [], "http_request_method": [], "path_pattern": [],
                        "query_string": [], "source_ip": []}],
         "id": arn("elasticloadbalancing", "listener-rule/app", c.cell, c.svc),
         "listener_arn": arn("elasticloadbalancing", "listener/app", c.cell),
         "priority": 100 + SERVICES.index(c.svc), "tags": None, "tags_all": c.tags()}
    return a, ["arn", "id"], []


def container(c, name, port, k=0):
    image = "%s.dkr.ecr.%s.amazonaws.com/%s" % (ACCOUNT, REGION, name)
    image += ":latest" if c.bad else "@sha256:" + h(c.cell, name, k, n=64).ljust(64, "0")
    env = [{"name": "DB_HOST", "value": "orders-%s-%s.%s.%s.rds.amazonaws.com" % (
               c.cell, c.env, h(c.cell, "rds", n=12), REGION)},
           {"name": "QUEUE_URL", "value": "https://sqs.%s.amazonaws.com/%s/%s-%s-jobs-%s" % (
               REGION, ACCOUNT, c.cell, c.svc, c.env)},
           {"name": "STAGE", "value": c.env}]
    if c.bad:  # tf/ecs-secret-in-environment (a literal credential: redacted in every output)
        env.append({"name": "API_TOKEN", "value": "tok-" + h(c.cell, c.svc, name, k, "api", n=28)})
    if c.wide:
        env += [{"name": "FEATURE_%03d" % f, "value": "enabled-%d" % (f % 7)} for f in range(40)]
    d = {"environment": env, "essential": k == 0,
         "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:%d/healthz || exit 1" % port],
                         "interval": 15, "retries": 3},
         "image": image,
         "logConfiguration": {"logDriver": "awslogs", "options": {
             "awslogs-group": "/ecs/%s-%s-%s" % (c.cell, c.svc, c.env), "awslogs-region": REGION,
             "awslogs-stream-prefix": name}},
         "name": name, "portMappings": [{"containerPort": port, "protocol": "tcp"}],
         "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:%s:%s:secret:%s-db" % (
             REGION, ACCOUNT, c.cell)}]}
    if c.bad:
        d["privileged"] = True  # tf/ecs-privileged
    return d


def task_definition(c):
    port = 8080 + SERVICES.index(c.svc)
    defs = [container(c, c.svc, port)]
    if c.wide:
        defs += [container(c, "%s-sidecar-%d" % (c.svc, k), 9000 + k, k + 1) for k in range(12)]
    family = "%s-%s-%s" % (c.cell, c.svc, c.env)
    a = {"arn": "arn:aws:ecs:%s:%s:task-definition/%s:7" % (REGION, ACCOUNT, family),
         "arn_without_revision": "arn:aws:ecs:%s:%s:task-definition/%s" % (REGION, ACCOUNT, family),
         "container_definitions": json.dumps(defs, separators=(",", ":")), "cpu": "512",
         "enable_fault_injection": False, "ephemeral_storage": [],
         "execution_role_arn": "arn:aws:iam::%s:role/%s-%s-execution-%s" % (ACCOUNT, c.cell, c.svc, c.env),
         "family": family, "id": family, "inference_accelerator": [], "ipc_mode": "", "memory": "1024",
         "network_mode": "awsvpc", "pid_mode": "", "placement_constraints": [],
         "proxy_configuration": [], "requires_compatibilities": ["FARGATE"], "revision": 7,
         "runtime_platform": [{"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}],
         "skip_destroy": False, "tags": None, "tags_all": c.tags(),
         "task_role_arn": "arn:aws:iam::%s:role/%s-%s-task-%s" % (ACCOUNT, c.cell, c.svc, c.env),
         "track_latest": False, "volume": []}
    return a, ["arn", "arn_without_revision", "id", "revision"], []


def ecs_service(c):
    port = 8080 + SERVICES.index(c.svc)
    a = {"alarms": [], "availability_zone_rebalancing": "DISABLED", "capacity_provider_strategy": [],
         "cluster": arn("ecs", "cluster", c.cell), "deployment_circuit_breaker": [],
         "deployment_controller": [{"type": "ECS" if c.bad else "CODE_DEPLOY"}],
         "deployment_maximum_percent": 200, "deployment_minimum_healthy_percent": 100,
         "desired_count": 1 if c.bad else 3, "enable_ecs_managed_tags": False,
         "enable_execute_command": False, "force_delete": None, "force_new_deployment": None,
         "health_check_grace_period_seconds": 60, "iam_role": "/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
         "id": arn("ecs", "service/%s-%s" % (c.cell, c.env), c.cell, c.svc), "launch_type": "FARGATE",
         "load_balancer": [{"container_name": c.svc, "container_port": port, "elb_name": "",
                            "target_group_arn": arn("elasticloadbalancing", "targetgroup", c.cell, c.svc, "blue")}],
         "name": c.svc, "network_configuration": [{"assign_public_ip": c.bad,  # tf/ecs-public-ip
                                                   "security_groups": ["sg-" + h(c.cell, "task", c.svc)],
                                                   "subnets": ids(c, "subnet", 3, "private")}],
         "ordered_placement_strategy": [], "placement_constraints": [], "platform_version": "LATEST",
         "propagate_tags": "NONE", "scheduling_strategy": "REPLICA", "service_connect_configuration": [],
         "service_registries": [], "tags": None, "tags_all": c.tags(),
         "task_definition": "arn:aws:ecs:%s:%s:task-definition/%s-%s-%s:7" % (REGION, ACCOUNT, c.cell, c.svc, c.env),
         "timeouts": None, "triggers": {}, "volume_configuration": [], "vpc_lattice_configurations": [],
         "wait_for_steady_state": False}
    return a, ["iam_role", "id", "platform_version", "triggers"], []


def scaling_target(c):
    rid = "service/%s-%s/%s" % (c.cell, c.env, c.svc)
    a = {"arn": arn("application-autoscaling", "scalable-target", c.cell, c.svc), "id": rid,
         "max_capacity": 12, "min_capacity": 3, "resource_id": rid,
         "role_arn": "arn:aws:iam::%s:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService" % ACCOUNT,
         "scalable_dimension": "ecs:service:DesiredCount", "service_namespace": "ecs",
         "suspended_state": [{"dynamic_scaling_in_suspended": False, "dynamic_scaling_out_suspended": False,
                              "scheduled_scaling_suspended": False}], "tags": None, "tags_all": c.tags()}
    return a, ["arn", "id", "role_arn", "suspended_state"], []


def scaling_policy(c):
    a = {"alarm_arns": ["arn:aws:cloudwatch:%s:%s:alarm:TargetTracking-%s" % (REGION, ACCOUNT, h(c.cell, c.svc, k)) for k in range(2)],
         "arn": "arn:aws:autoscaling:%s:%s:scalingPolicy:%s" % (REGION, ACCOUNT, h(c.cell, c.svc, "pol", n=36)),
         "id": "%s-cpu" % c.svc, "name": "%s-cpu" % c.svc, "policy_type": "TargetTrackingScaling",
         "resource_id": "service/%s-%s/%s" % (c.cell, c.env, c.svc),
         "scalable_dimension": "ecs:service:DesiredCount", "service_namespace": "ecs",
         "step_scaling_policy_configuration": [],
         "target_tracking_scaling_policy_configuration": [
             {"customized_metric_specification": [], "disable_scale_in": False,
              "predefined_metric_specification": [{"predefined_metric_type": "ECSServiceAverageCPUUtilization",
                                                   "resource_label": ""}],
              "scale_in_cooldown": 300, "scale_out_cooldown": 60, "target_value": 60}]}
    return a, ["alarm_arns", "arn", "id"], []


# ---- types no rule reads (the "unread" shape) ----

def route53_record(c):
    name = "%s-%d.%s.example.com" % (c.svc, c.key, c.cell)
    a = {"alias": [], "allow_overwrite": None, "cidr_routing_policy": [], "failover_routing_policy": [],
         "fqdn": name, "geolocation_routing_policy": [], "geoproximity_routing_policy": [],
         "health_check_id": "", "id": "Z0%s_%s_CNAME" % (h(c.cell, n=12).upper(), name),
         "latency_routing_policy": [], "multivalue_answer_routing_policy": False, "name": name,
         "records": ["%s.%s.elb.amazonaws.com" % (c.cell, REGION)], "set_identifier": "", "ttl": 300,
         "type": "CNAME", "weighted_routing_policy": [], "zone_id": "Z0" + h(c.cell, n=12).upper()}
    return a, ["fqdn", "id"], []


def metric_alarm(c):
    a = {"actions_enabled": True, "alarm_actions": ["arn:aws:sns:%s:%s:oncall" % (REGION, ACCOUNT)],
         "alarm_description": "%s 5xx rate %d" % (c.svc, c.key),
         "alarm_name": "%s-%s-5xx-%d" % (c.cell, c.svc, c.key),
         "arn": "arn:aws:cloudwatch:%s:%s:alarm:%s-%s-5xx-%d" % (REGION, ACCOUNT, c.cell, c.svc, c.key),
         "comparison_operator": "GreaterThanThreshold", "datapoints_to_alarm": 2,
         "dimensions": {"LoadBalancer": "app/%s/%s" % (c.cell, h(c.cell, "lb")), "TargetGroup": "tg-%d" % c.key},
         "evaluate_low_sample_count_percentiles": "", "evaluation_periods": 3,
         "extended_statistic": "", "id": "%s-%s-5xx-%d" % (c.cell, c.svc, c.key),
         "insufficient_data_actions": [], "metric_name": "HTTPCode_Target_5XX_Count", "metric_query": [],
         "namespace": "AWS/ApplicationELB", "ok_actions": [], "period": 60, "statistic": "Sum",
         "tags": None, "tags_all": c.tags(), "threshold": 10, "threshold_metric_id": "",
         "treat_missing_data": "notBreaching", "unit": ""}
    return a, ["arn", "id"], []


def ssm_parameter(c):
    a = {"allowed_pattern": "", "arn": "arn:aws:ssm:%s:%s:parameter/%s/%s/p%d" % (REGION, ACCOUNT, c.cell, c.svc, c.key),
         "data_type": "text", "description": "", "has_value_wo": None, "id": "/%s/%s/p%d" % (c.cell, c.svc, c.key),
         "insecure_value": None, "key_id": "", "name": "/%s/%s/p%d" % (c.cell, c.svc, c.key),
         "overwrite": None, "tags": None, "tags_all": c.tags(), "tier": "Standard", "type": "String",
         "value": "value-%d" % c.key, "value_wo": None, "value_wo_version": None, "version": 1}
    return a, ["arn", "id", "key_id", "version"], ["value", "value_wo"]


def policy_attachment(c):
    role = "%s-%s-task-%s" % (c.cell, c.svc, c.env)
    pol = "arn:aws:iam::aws:policy/%s" % ["AmazonSSMReadOnlyAccess", "CloudWatchAgentServerPolicy",
                                          "AWSXRayDaemonWriteAccess", "AmazonS3ReadOnlyAccess"][c.key % 4]
    a = {"id": "%s-%s" % (role, h(pol)), "policy_arn": pol, "role": role}
    return a, ["id"], []


def dashboard(c):
    body = json.dumps({"widgets": [{"type": "metric", "x": 0, "y": 6 * k, "width": 12, "height": 6,
                                    "properties": {"metrics": [["AWS/ECS", "CPUUtilization", "ServiceName", c.svc]],
                                                   "region": REGION, "title": "%s %d" % (c.svc, k)}}
                                   for k in range(4)]}, separators=(",", ":"))
    a = {"dashboard_arn": "arn:aws:cloudwatch::%s:dashboard/%s-%s-%d" % (ACCOUNT, c.cell, c.svc, c.key),
         "dashboard_body": body, "dashboard_name": "%s-%s-%d" % (c.cell, c.svc, c.key),
         "id": "%s-%s-%d" % (c.cell, c.svc, c.key)}
    return a, ["dashboard_arn", "id"], []


TYPES = {"aws_vpc": vpc, "aws_subnet": subnet, "aws_security_group": security_group, "aws_lb": lb,
         "aws_lb_listener": lb_listener, "aws_s3_bucket": s3_bucket,
         "aws_s3_bucket_versioning": s3_versioning,
         "aws_s3_bucket_server_side_encryption_configuration": s3_sse, "aws_kms_key": kms_key,
         "aws_ecs_cluster": ecs_cluster, "aws_elasticache_subnet_group": cache_subnet_group,
         "aws_elasticache_replication_group": cache_group, "aws_db_subnet_group": db_subnet_group,
         "aws_db_parameter_group": db_parameter_group, "aws_db_instance": db_instance,
         "aws_iam_role": iam_role, "aws_iam_role_policy": role_policy,
         "aws_cloudwatch_log_group": log_group, "aws_sqs_queue": sqs_queue,
         "aws_lb_target_group": target_group, "aws_lb_listener_rule": listener_rule,
         "aws_ecs_task_definition": task_definition, "aws_ecs_service": ecs_service,
         "aws_appautoscaling_target": scaling_target, "aws_appautoscaling_policy": scaling_policy,
         "aws_route53_record": route53_record, "aws_cloudwatch_metric_alarm": metric_alarm,
         "aws_ssm_parameter": ssm_parameter, "aws_iam_role_policy_attachment": policy_attachment,
         "aws_cloudwatch_dashboard": dashboard}
SCHEMA_VERSION = {"aws_subnet": 1, "aws_security_group": 1, "aws_db_instance": 2,
                  "aws_elasticache_replication_group": 2, "aws_ecs_task_definition": 1,
                  "aws_route53_record": 2}

# ---- the configuration: each module once, expressions as Terraform writes them ----


def ref(*addrs):
    """references: `a.b.attr` is listed with its resource `a.b`, as Terraform does."""
    out = []
    for a in addrs:
        out.append(a)
        parts = a.split(".")
        if len(parts) > 2 and not a.startswith(("var.", "local.", "each.", "count.", "module.")):
            out.append(".".join(parts[:2]))
        elif a.startswith("module.") and len(parts) > 2:
            out.append(".".join(parts[:2]))
    return {"references": out}


def const(v):
    return {"constant_value": v}


# module "cell": (address, type, name, count/for_each, expressions)
CELL = [
    ("aws_vpc.main", {"cidr_block": ref("var.cidr"), "enable_dns_hostnames": const(True),
                      "tags": ref("var.name", "var.environment")}, None),
    ("aws_subnet.private", {"availability_zone": ref("local.azs", "count.index"),
                            "cidr_block": ref("aws_vpc.main.cidr_block", "count.index"),
                            "tags": ref("count.index"), "vpc_id": ref("aws_vpc.main.id")},
     {"count_expression": const(3)}),
    ("aws_subnet.public", {"availability_zone": ref("local.azs", "count.index"),
                           "cidr_block": ref("aws_vpc.main.cidr_block", "count.index"),
                           "map_public_ip_on_launch": const(False), "tags": ref("count.index"),
                           "vpc_id": ref("aws_vpc.main.id")}, {"count_expression": const(3)}),
    ("aws_security_group.alb", {"description": const("public load balancer"),
                                "egress": [{"cidr_blocks": const(["10.0.0.0/8"]), "from_port": const(0),
                                            "protocol": const("-1"), "to_port": const(0)}],
                                "ingress": [{"cidr_blocks": const(["0.0.0.0/0"]),
                                             "description": const("https"), "from_port": const(443),
                                             "protocol": const("tcp"), "to_port": const(443)}],
                                "name": ref("var.name", "var.environment"),
                                "vpc_id": ref("aws_vpc.main.id")}, None),
    ("aws_lb.main", {"access_logs": [{"bucket": ref("aws_s3_bucket.logs.id"), "enabled": const(True)}],
                     "drop_invalid_header_fields": const(True), "enable_deletion_protection": const(True),
                     "internal": const(False), "load_balancer_type": const("application"),
                     "name": ref("var.name", "var.environment"),
                     "security_groups": ref("aws_security_group.alb.id"),
                     "subnets": ref("aws_subnet.public")}, None),
    ("aws_lb_listener.https", {"certificate_arn": ref("var.certificate_arn"),
                               "default_action": [{"fixed_response": [
                                   {"content_type": const("text/plain"), "status_code": const("404")}],
                                   "type": const("fixed-response")}],
                               "load_balancer_arn": ref("aws_lb.main.arn"), "port": const(443),
                               "protocol": const("HTTPS"), "ssl_policy": ref("var.ssl_policy")}, None),
    ("aws_s3_bucket.logs", {"bucket": ref("var.name", "var.environment")}, None),
    ("aws_s3_bucket_versioning.logs", {"bucket": ref("aws_s3_bucket.logs.id"),
                                       "versioning_configuration": [{"status": const("Enabled")}]}, None),
    ("aws_s3_bucket_server_side_encryption_configuration.logs",
     {"bucket": ref("aws_s3_bucket.logs.id"),
      "rule": [{"apply_server_side_encryption_by_default": [
          {"kms_master_key_id": ref("aws_kms_key.main.arn"), "sse_algorithm": const("aws:kms")}],
          "bucket_key_enabled": const(True)}]}, None),
    ("aws_kms_key.main", {"description": ref("var.name", "var.environment"),
                          "enable_key_rotation": const(True),
                          "policy": ref("data.aws_iam_policy_document.kms.json")}, None),
    ("aws_ecs_cluster.main", {"name": ref("var.name", "var.environment"),
                              "setting": [{"name": const("containerInsights"),
                                           "value": const("enabled")}]}, None),
    ("aws_elasticache_subnet_group.cache", {"name": ref("var.name", "var.environment"),
                                            "subnet_ids": ref("aws_subnet.private")}, None),
    ("aws_elasticache_replication_group.cache",
     {"at_rest_encryption_enabled": const(True), "auth_token": ref("var.cache_token"),
      "automatic_failover_enabled": ref("var.ha"), "description": const("session cache"),
      "engine_version": const("7.1"), "multi_az_enabled": ref("var.ha"),
      "node_type": const("cache.r6g.large"), "num_cache_clusters": const(2),
      "replication_group_id": ref("var.name", "var.environment"),
      "subnet_group_name": ref("aws_elasticache_subnet_group.cache.name"),
      "transit_encryption_enabled": const(True)}, None),
]
DB = [
    ("aws_db_subnet_group.this", {"name": ref("var.name", "var.environment"),
                                  "subnet_ids": ref("var.subnet_ids")}, None),
    ("aws_security_group.db", {"ingress": [{"cidr_blocks": const(["10.0.0.0/8"]),
                                            "description": const("postgres"),
                                            "from_port": const(5432), "protocol": const("tcp"),
                                            "to_port": const(5432)}],
                               "name": ref("var.name", "var.environment"), "vpc_id": ref("var.vpc_id")},
     None),
    ("aws_db_parameter_group.this", {"family": const("postgres16"),
                                     "name": ref("var.name", "var.environment"),
                                     "parameter": [{"name": const("log_min_duration_statement"),
                                                    "value": const("500")},
                                                   {"name": const("rds.force_ssl"), "value": const("1")}]},
     None),
    ("aws_db_instance.this", {"allocated_storage": const(100),
                              "backup_retention_period": ref("var.backup_days"),
                              "db_subnet_group_name": ref("aws_db_subnet_group.this.name"),
                              "deletion_protection": const(True),
                              "enabled_cloudwatch_logs_exports": const(["postgresql", "upgrade"]),
                              "engine": const("postgres"), "engine_version": const("16.3"),
                              "final_snapshot_identifier": ref("var.name", "var.environment"),
                              "identifier": ref("var.name", "var.environment"),
                              "instance_class": const("db.r6g.large"), "kms_key_id": ref("var.kms_key_arn"),
                              "max_allocated_storage": const(500), "monitoring_interval": const(60),
                              "monitoring_role_arn": ref("var.monitoring_role"),
                              "multi_az": ref("var.ha"), "password": ref("var.password"),
                              "performance_insights_enabled": const(True),
                              "storage_encrypted": ref("var.encrypted"), "username": const("orders"),
                              "vpc_security_group_ids": ref("aws_security_group.db.id")}, None),
]
SERVICE = [
    ("aws_iam_role.task", {"assume_role_policy": ref("data.aws_iam_policy_document.assume.json"),
                           "name": ref("var.name", "var.environment")}, None),
    ("aws_iam_role.execution", {"assume_role_policy": ref("data.aws_iam_policy_document.assume.json"),
                                "name": ref("var.name", "var.environment")}, None),
    ("aws_iam_role_policy.task", {"name": const("queues"),
                                  "policy": ref("aws_sqs_queue.jobs.arn", "aws_sqs_queue.dlq.arn"),
                                  "role": ref("aws_iam_role.task.id")}, None),
    ("aws_cloudwatch_log_group.this", {"name": ref("var.name", "var.environment"),
                                       "retention_in_days": const(30)}, None),
    ("aws_sqs_queue.dlq", {"message_retention_seconds": const(1209600),
                           "name": ref("var.name", "var.environment"),
                           "sqs_managed_sse_enabled": const(True)}, None),
    ("aws_sqs_queue.jobs", {"name": ref("var.name", "var.environment"),
                            "redrive_policy": ref("aws_sqs_queue.dlq.arn"),
                            "sqs_managed_sse_enabled": const(True),
                            "visibility_timeout_seconds": const(60)}, None),
    ("aws_security_group.task", {"egress": [{"cidr_blocks": const(["0.0.0.0/0"]), "from_port": const(0),
                                             "protocol": const("-1"), "to_port": const(0)}],
                                 "ingress": [{"cidr_blocks": ref("var.ingress_cidrs"),
                                              "from_port": ref("var.port"), "protocol": const("tcp"),
                                              "to_port": ref("var.port")}],
                                 "name": ref("var.name", "var.environment"), "vpc_id": ref("var.vpc_id")},
     None),
    ("aws_lb_target_group.this", {"health_check": [{"healthy_threshold": const(3), "interval": const(15),
                                                    "matcher": const("200"), "path": ref("var.health_path"),
                                                    "unhealthy_threshold": const(3)}],
                                  "name": ref("var.name", "each.key", "var.environment"),
                                  "port": ref("var.port"), "protocol": const("HTTP"),
                                  "target_type": const("ip"), "vpc_id": ref("var.vpc_id")},
     {"for_each_expression": const(["blue", "green"])}),
    ("aws_lb_listener_rule.this", {"action": [{"target_group_arn": ref('aws_lb_target_group.this["blue"].arn'),
                                               "type": const("forward")}],
                                   "condition": [{"host_header": [{"values": ref("var.name")}]}],
                                   "listener_arn": ref("var.listener_arn"), "priority": ref("var.priority")},
     None),
    ("aws_ecs_task_definition.this", {"container_definitions": ref("var.name", "var.port", "var.db_endpoint",
                                                                   "aws_sqs_queue.jobs.url", "var.environment",
                                                                   "aws_cloudwatch_log_group.this.name"),
                                      "cpu": ref("var.cpu"), "execution_role_arn": ref("aws_iam_role.execution.arn"),
                                      "family": ref("var.name", "var.environment"), "memory": ref("var.memory"),
                                      "network_mode": const("awsvpc"), "requires_compatibilities": const(["FARGATE"]),
                                      "task_role_arn": ref("aws_iam_role.task.arn")}, None),
    ("aws_ecs_service.this", {"cluster": ref("var.cluster_arn"),
                              "deployment_controller": [{"type": ref("var.deployment_controller")}],
                              "desired_count": ref("var.desired"), "health_check_grace_period_seconds": const(60),
                              "launch_type": const("FARGATE"),
                              "load_balancer": [{"container_name": ref("var.name"), "container_port": ref("var.port"),
                                                 "target_group_arn": ref('aws_lb_target_group.this["blue"].arn')}],
                              "name": ref("var.name"),
                              "network_configuration": [{"assign_public_ip": const(False),
                                                         "security_groups": ref("aws_security_group.task.id"),
                                                         "subnets": ref("var.subnet_ids")}],
                              "task_definition": ref("aws_ecs_task_definition.this.arn")}, None),
    ("aws_appautoscaling_target.this", {"max_capacity": ref("var.desired"), "min_capacity": ref("var.desired"),
                                        "resource_id": ref("var.environment", "var.name"),
                                        "scalable_dimension": const("ecs:service:DesiredCount"),
                                        "service_namespace": const("ecs")}, None),
    ("aws_appautoscaling_policy.cpu", {"name": ref("var.name"), "policy_type": const("TargetTrackingScaling"),
                                       "resource_id": ref("aws_appautoscaling_target.this.resource_id"),
                                       "scalable_dimension": ref("aws_appautoscaling_target.this.scalable_dimension"),
                                       "service_namespace": ref("aws_appautoscaling_target.this.service_namespace"),
                                       "target_tracking_scaling_policy_configuration": [
                                           {"predefined_metric_specification": [
                                               {"predefined_metric_type": const("ECSServiceAverageCPUUtilization")}],
                                            "target_value": const(60)}]}, None),
]
# the "unread" shape adds these to module "service", count = UNREAD_PER_SERVICE each
UNREAD = [
    ("aws_route53_record.alias", {"name": ref("var.name", "count.index"), "records": ref("var.lb_dns"),
                                  "ttl": const(300), "type": const("CNAME"), "zone_id": ref("var.zone_id")}),
    ("aws_cloudwatch_metric_alarm.errors", {"alarm_name": ref("var.name", "count.index"),
                                            "comparison_operator": const("GreaterThanThreshold"),
                                            "evaluation_periods": const(3),
                                            "metric_name": const("HTTPCode_Target_5XX_Count"),
                                            "namespace": const("AWS/ApplicationELB"), "period": const(60),
                                            "statistic": const("Sum"), "threshold": const(10)}),
    ("aws_ssm_parameter.config", {"name": ref("var.name", "count.index"), "type": const("String"),
                                  "value": ref("count.index")}),
    ("aws_iam_role_policy_attachment.managed", {"policy_arn": ref("local.managed", "count.index"),
                                                "role": ref("aws_iam_role.task.name")}),
    ("aws_cloudwatch_dashboard.service", {"dashboard_body": ref("var.name"),
                                          "dashboard_name": ref("var.name", "count.index")}),
]
UNREAD_PER_SERVICE = 16


def data_policy_doc(addr, statements):
    doc = json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)
    values = {"id": str(int(h(addr, n=8), 16)), "json": doc,
              "minified_json": json.dumps({"Version": "2012-10-17", "Statement": statements},
                                          separators=(",", ":")),
              "override_json": None, "override_policy_documents": None, "policy_id": None,
              "source_json": None, "source_policy_documents": None,
              "statement": [{"actions": [s["Action"]] if isinstance(s["Action"], str) else s["Action"],
                             "condition": [], "effect": "Allow", "not_actions": [],
                             "not_principals": [], "not_resources": [],
                             "principals": [{"identifiers": list(s["Principal"].values()),
                                             "type": list(s["Principal"].keys())[0]}],
                             "resources": [s["Resource"]] if "Resource" in s else [],
                             "sid": s.get("Sid", "")} for s in statements],
              "version": "2012-10-17"}
    return values


# ---- masks (mirror: collections mirrored, scalars absent, as Terraform writes them) ----


def sensitive_mask(attrs, sens):
    m = mirror(attrs)
    for k in sens:
        if k in attrs:
            m[k] = True
    return dict(sorted(m.items()))


def unknown_mask(after, computed):
    m = {k: mirror(v) for k, v in after.items() if isinstance(v, (dict, list))}
    for k in computed:
        m[k] = True
    return dict(sorted(m.items()))


# ---- instances ----

class Instance:
    def __init__(self, module, modkey_addr, rtype, name, index, attrs, computed, sens, action, cfgaddr):
        self.module = module  # module instance address ("" at the root)
        self.rtype, self.name, self.index = rtype, name, index
        self.attrs, self.computed, self.sens, self.action = attrs, computed, sens, action
        self.cfgaddr = cfgaddr
        a = "%s.%s" % (rtype, name)
        if index is not None:
            a += '[%s]' % (json.dumps(index) if isinstance(index, str) else index)
        self.address = (module + "." if module else "") + a


def pick_action(shape, addr, rtype):
    if shape != "real":
        return "create"
    x = frac("action", addr)
    if x < 0.84:
        return "no-op"
    if x < 0.92:
        return "update"
    if x < 0.96:
        return "create"
    if x < 0.99 and rtype in ("aws_lb_target_group", "aws_ecs_task_definition", "aws_iam_role_policy",
                              "aws_lb_listener_rule", "aws_security_group"):
        return "replace"
    if x >= 0.995 and rtype in ("aws_sqs_queue", "aws_cloudwatch_log_group", "aws_iam_role_policy"):
        return "delete"
    return "update" if x < 0.98 else "no-op"


# The types a generated resource can break a rule with (see the `c.bad` branches), about three in
# five of the findings shape's resources: a third of them break one, a fifth of all resources.
VIOLATING = {"aws_iam_role", "aws_iam_role_policy", "aws_lb_target_group", "aws_sqs_queue",
             "aws_security_group", "aws_ecs_service", "aws_ecs_task_definition", "aws_ecs_cluster",
             "aws_elasticache_replication_group", "aws_lb_listener", "aws_db_instance"}
BAD_SHARE = 1 / 3


def cell_instances(shape, cell, nservices, unread):
    out = []

    def add(module, spec, index=None, svc=None, key=None, cfgmod=""):
        addr, _expr = spec[0], spec[1]
        rtype, name = addr.split(".")
        label = (module, addr, index)
        bad = shape == "findings" and rtype in VIOLATING and frac("bad", *label) < BAD_SHARE
        secret = shape in ("findings", "clean") and frac("secret", *label) < 0.125
        wide = shape == "wide" and frac("wide", *label) < 0.3
        c = Ctx(shape, cell, svc, key, bad, secret, wide)
        attrs, computed, sens = TYPES[rtype](c)
        if secret and not sens and "tags_all" in attrs:  # a tag set from a sensitive variable
            attrs = dict(attrs)
            attrs["tags"] = dict(attrs.get("tags") or {}, DeployToken="tok-" + h(*label, n=24))
            attrs["tags_all"] = dict(sorted(dict(attrs["tags_all"], DeployToken=attrs["tags"]["DeployToken"]).items()))
            sens = ["tags"]
        inst = Instance(module, None, rtype, name, index, attrs, computed, sens, None, cfgmod + "|" + addr)
        inst.action = pick_action(shape, inst.address, rtype)
        out.append(inst)

    cm = 'module.cell["%s"]' % cell
    for spec in CELL:
        addr = spec[0]
        if addr.startswith("aws_subnet."):
            tier = addr.split(".")[1]
            for i in range(3):
                add(cm, spec, i, key=(tier, i), cfgmod="cell")
        elif addr == "aws_security_group.alb":
            add(cm, spec, key="alb", cfgmod="cell")
        else:
            add(cm, spec, cfgmod="cell")
    dbm = cm + ".module.db"
    for spec in DB:
        add(dbm, spec, key="db" if spec[0].startswith("aws_security_group") else None, cfgmod="cell.db")
    for svc in SERVICES[:nservices]:
        sm = cm + '.module.service["%s"]' % svc
        for spec in SERVICE:
            addr = spec[0]
            if addr == "aws_lb_target_group.this":
                for color in ("blue", "green"):
                    add(sm, spec, color, svc=svc, key=color, cfgmod="cell.service")
            elif addr.startswith("aws_iam_role."):
                add(sm, spec, svc=svc, key=addr.split(".")[1], cfgmod="cell.service")
            elif addr.startswith("aws_sqs_queue."):
                add(sm, spec, svc=svc, key=addr.split(".")[1], cfgmod="cell.service")
            else:
                add(sm, spec, svc=svc, key="task", cfgmod="cell.service")
        if unread:
            for spec in UNREAD:
                for i in range(UNREAD_PER_SERVICE):
                    add(sm, spec, i, svc=svc, key=i, cfgmod="cell.service")
    return out


def change_of(inst):
    a = inst.attrs
    sens = sensitive_mask(a, inst.sens)
    after_known = {k: v for k, v in a.items()}
    if inst.action == "create" or inst.action == "replace":
        after = {k: v for k, v in a.items() if k not in inst.computed}
        unknown = unknown_mask(after, inst.computed)
        after_sens = sensitive_mask(after, inst.sens)
    else:
        after = after_known
        unknown = {}
        after_sens = sens
    before = None if inst.action == "create" else dict(a)
    if inst.action == "update":
        before = dict(a)
        for k in ("desired_count", "retention_in_days", "max_capacity", "visibility_timeout_seconds",
                  "description", "allocated_storage", "deregistration_delay"):
            if k in before:
                v = before[k]
                before[k] = v - 1 if isinstance(v, int) and not isinstance(v, bool) else (
                    v + " (old)" if isinstance(v, str) else v)
                break
        else:
            before["tags"] = {"Name": "old"}
    if inst.action == "delete":
        after, unknown, after_sens = None, False, False
    ch = {"actions": {"no-op": ["no-op"], "update": ["update"], "create": ["create"],
                      "replace": ["create", "delete"] if inst.rtype == "aws_lb_target_group" else ["delete", "create"],
                      "delete": ["delete"]}[inst.action],
          "before": before, "after": after, "after_unknown": unknown,
          "before_sensitive": False if before is None else sens, "after_sensitive": after_sens}
    if inst.action == "replace":
        ch["replace_paths"] = [["name"]] if inst.rtype == "aws_lb_target_group" else [["container_definitions"]]
    return ch, after


def resource_change(inst):
    rc = {"address": inst.address}
    if inst.module:
        rc["module_address"] = inst.module
    rc.update({"mode": "managed", "type": inst.rtype, "name": inst.name})
    if inst.index is not None:
        rc["index"] = inst.index
    rc["provider_name"] = PROVIDER
    ch, after = change_of(inst)
    rc["change"] = ch
    if inst.action == "replace":
        rc["action_reason"] = "replace_because_cannot_update"
    if inst.action == "delete":
        rc["action_reason"] = "delete_because_no_resource_config"
    return rc, ch, after


def state_resource(inst, values, sens_values, depends=None):
    r = {"address": inst.address, "mode": "managed", "type": inst.rtype, "name": inst.name}
    if inst.index is not None:
        r["index"] = inst.index
    r.update({"provider_name": PROVIDER, "schema_version": SCHEMA_VERSION.get(inst.rtype, 0),
              "values": values, "sensitive_values": sens_values})
    if depends:
        r["depends_on"] = depends
    return r


def data_resource(module, name, statements):
    addr = (module + "." if module else "") + "data.aws_iam_policy_document." + name
    values = data_policy_doc(addr, statements)
    return {"address": addr, "mode": "data", "type": "aws_iam_policy_document", "name": name,
            "provider_name": PROVIDER, "schema_version": 0, "values": values,
            "sensitive_values": {"statement": [{"actions": [False], "condition": [], "not_actions": [],
                                                "not_principals": [], "not_resources": [],
                                                "principals": [{"identifiers": [False]}], "resources": []}]}}


def module_tree(entries):
    """{module address: [resources]} -> root_module with nested child_modules, sorted."""
    root = {"resources": [], "child_modules": []}
    nodes = {"": root}

    def node(addr):
        if addr in nodes:
            return nodes[addr]
        parent = addr[:addr.rfind(".module.")] if ".module." in addr else ""
        n = {"resources": [], "address": addr}
        p = node(parent)
        p.setdefault("child_modules", []).append(n)
        nodes[addr] = n
        return n

    for mod, res in entries:
        node(mod)["resources"].append(res)

    def tidy(n):
        n["resources"].sort(key=lambda r: r["address"])
        if not n["resources"]:
            del n["resources"]
        kids = n.get("child_modules")
        if kids is not None:
            kids.sort(key=lambda k: k["address"])
            for k in kids:
                tidy(k)
            if not kids:
                del n["child_modules"]
        if "child_modules" in n and "address" in n:  # Go's field order: resources, address, child_modules
            kids = n.pop("child_modules")
            n["child_modules"] = kids

    tidy(root)
    return root


def config_resources(specs, extra_unread=False):
    out = []
    for spec in specs:
        addr, expr = spec[0], spec[1]
        rtype, name = addr.split(".")
        r = {"address": addr, "mode": "managed", "type": rtype, "name": name,
             "provider_config_key": "aws", "expressions": expr,
             "schema_version": SCHEMA_VERSION.get(rtype, 0)}
        if len(spec) > 2 and spec[2]:
            r.update(spec[2])
        out.append(r)
    if extra_unread:
        for addr, expr in UNREAD:
            rtype, name = addr.split(".")
            out.append({"address": addr, "mode": "managed", "type": rtype, "name": name,
                        "provider_config_key": "aws", "expressions": expr,
                        "schema_version": SCHEMA_VERSION.get(rtype, 0),
                        "count_expression": const(UNREAD_PER_SERVICE)})
    return out


def variables_decl(names, sensitive=()):
    return {n: ({"sensitive": True} if n in sensitive else {}) for n in sorted(names)}


def configuration(cells, unread, shape):
    data_assume = {"address": "data.aws_iam_policy_document.assume", "mode": "data",
                   "type": "aws_iam_policy_document", "name": "assume", "provider_config_key": "aws",
                   "expressions": {"statement": [{"actions": const(["sts:AssumeRole"]), "principals": [
                       {"identifiers": const(["ecs-tasks.amazonaws.com"]), "type": const("Service")}]}]},
                   "schema_version": 0}
    data_kms = {"address": "data.aws_iam_policy_document.kms", "mode": "data",
                "type": "aws_iam_policy_document", "name": "kms", "provider_config_key": "aws",
                "expressions": {"statement": [{"actions": const(["kms:*"]), "principals": [
                    {"identifiers": ref("data.aws_caller_identity.current.account_id"), "type": const("AWS")}],
                    "resources": const(["*"]), "sid": const("root")}]}, "schema_version": 0}
    service = {"resources": config_resources(SERVICE, unread) + [data_assume],
               "variables": variables_decl(["cluster_arn", "cpu", "db_endpoint", "deployment_controller",
                                            "desired", "environment", "health_path", "ingress_cidrs",
                                            "lb_dns", "listener_arn", "memory", "name", "port", "priority",
                                            "subnet_ids", "vpc_id", "zone_id"])}
    db = {"outputs": {"endpoint": {"expression": ref("aws_db_instance.this.endpoint")}},
          "resources": config_resources(DB),
          "variables": variables_decl(["backup_days", "encrypted", "environment", "ha", "kms_key_arn",
                                       "monitoring_role", "name", "password", "subnet_ids", "vpc_id"],
                                      ["password"])}
    cell = {"outputs": {"alb_dns": {"expression": ref("aws_lb.main.dns_name")},
                        "db_endpoint": {"expression": ref("module.db.endpoint")}},
            "resources": config_resources(CELL) + [data_kms],
            "module_calls": {
                "db": {"source": "../db", "expressions": {
                    "environment": ref("var.environment"), "password": ref("var.db_password"),
                    "subnet_ids": ref("aws_subnet.private"), "vpc_id": ref("aws_vpc.main.id")},
                    "module": db},
                "service": {"source": "../service", "expressions": {
                    "cluster_arn": ref("aws_ecs_cluster.main.arn"), "cpu": ref("each.value.cpu", "each.value"),
                    "db_endpoint": ref("module.db.endpoint"), "desired": ref("each.value.count", "each.value"),
                    "environment": ref("var.environment"), "listener_arn": ref("aws_lb_listener.https.arn"),
                    "memory": ref("each.value.memory", "each.value"), "name": ref("each.key"),
                    "port": ref("each.value.port", "each.value"), "priority": ref("var.services", "each.key"),
                    "subnet_ids": ref("aws_subnet.private"), "vpc_id": ref("aws_vpc.main.id")},
                    "for_each_expression": ref("var.services"), "module": service}},
            "variables": variables_decl(["cache_token", "cidr", "db_password", "environment", "name",
                                         "services", "ssl_policy"], ["cache_token", "db_password"])}
    root = {"outputs": {"alb_dns": {"expression": ref("module.cell")},
                        "db_password": {"sensitive": True, "expression": ref("var.db_password")}},
            "module_calls": {"cell": {"source": "./modules/cell", "expressions": {
                "cidr": ref("each.value.cidr", "each.value"), "db_password": ref("var.db_password"),
                "environment": ref("var.environment"), "name": ref("each.key"),
                "services": ref("var.services")},
                "for_each_expression": ref("var.cells"), "module": cell}},
            "variables": {"cells": {"description": "one entry per cell"},
                          "db_password": {"sensitive": True}, "environment": {"default": "prod"},
                          "services": {}}}
    return {"provider_config": {"aws": {"name": "aws", "full_name": PROVIDER,
                                        "version_constraint": "~> 5.100",
                                        "expressions": {"default_tags": [{"tags": ref("var.environment")}],
                                                        "region": const(REGION)}}},
            "root_module": root}


def build(shape, n):
    unread = shape == "unread"
    per_cell = len(cell_instances(shape, "c-probe", 4, unread))
    ncells = max(1, round(n / per_cell))
    changes, planned, prior, relevant = [], [], [], []
    cells = ["c%04d" % i for i in range(ncells)]
    for cell in cells:
        cm = 'module.cell["%s"]' % cell
        prior.append((cm, data_resource(cm, "kms", [
            {"Sid": "root", "Action": "kms:*", "Effect": "Allow", "Resource": "*",
             "Principal": {"AWS": "arn:aws:iam::%s:root" % ACCOUNT}}])))
        for svc in SERVICES:
            sm = cm + '.module.service["%s"]' % svc
            prior.append((sm, data_resource(sm, "assume", [
                {"Action": "sts:AssumeRole", "Effect": "Allow",
                 "Principal": {"Service": "ecs-tasks.amazonaws.com"}}])))
        for inst in cell_instances(shape, cell, 4, unread):
            rc, ch, after = resource_change(inst)
            changes.append(rc)
            sens_all = sensitive_mask(inst.attrs, inst.sens)
            if inst.action != "delete":
                known = {k: v for k, v in after.items()}
                planned.append((inst.module, state_resource(inst, known, ch["after_sensitive"])))
            if inst.action not in ("create",):
                prior.append((inst.module, state_resource(inst, ch["before"], sens_all,
                                                          ["%s.aws_vpc.main" % cm] if inst.rtype == "aws_subnet" else None)))
            if inst.action in ("create", "update", "replace"):
                for expr in [e for e in _cfg_exprs(inst.cfgaddr) if "references" in e][:3]:
                    for r in expr["references"][:1]:
                        if r.startswith("aws_"):
                            relevant.append({"resource": inst.module + "." + r.rsplit(".", 1)[0]
                                             if r.count(".") > 1 else inst.module + "." + r,
                                             "attribute": [r.rsplit(".", 1)[1]] if r.count(".") > 1 else []})
    changes.sort(key=lambda r: r["address"])
    cellvals = {c: {"cidr": "10.%d.0.0/16" % (hash_int(c) % 250)} for c in cells}
    sens_pw = "pw-" + h("root", "dbpw", n=24)
    doc = {"format_version": "1.2", "terraform_version": "1.11.4",
           "variables": {"cells": {"value": cellvals}, "db_password": {"value": sens_pw},
                         "environment": {"value": "prod"},
                         "services": {"value": {s: {"count": 3, "cpu": 512, "memory": 1024,
                                                    "port": 8080 + i} for i, s in enumerate(SERVICES)}}},
           "planned_values": {"outputs": {
               "alb_dns": {"sensitive": False, "type": ["map", "string"],
                           "value": {c: "%s.elb.amazonaws.com" % c for c in cells[:200]}},
               "db_password": {"sensitive": True, "type": "string", "value": sens_pw}},
               "root_module": module_tree(planned)},
           "resource_changes": changes,
           "output_changes": {
               "alb_dns": {"actions": ["no-op"], "before": {c: "%s.elb.amazonaws.com" % c for c in cells[:200]},
                           "after": {c: "%s.elb.amazonaws.com" % c for c in cells[:200]},
                           "after_unknown": False, "before_sensitive": False, "after_sensitive": False},
               "db_password": {"actions": ["no-op"], "before": sens_pw, "after": sens_pw,
                               "after_unknown": False, "before_sensitive": True, "after_sensitive": True}},
           "prior_state": {"format_version": "1.0", "terraform_version": "1.11.4", "values": {
               "outputs": {"db_password": {"sensitive": True, "value": sens_pw, "type": "string"}},
               "root_module": module_tree(prior)}},
           "configuration": configuration(cells, unread, shape),
           "relevant_attributes": relevant,
           "timestamp": "2026-12-07T09:00:00Z", "applyable": True, "complete": True, "errored": False}
    return doc


_CFG = {}


def _cfg_exprs(cfgaddr):
    if not _CFG:
        for mod, specs in (("cell", CELL), ("cell.db", DB), ("cell.service", SERVICE)):
            for spec in specs:
                _CFG[mod + "|" + spec[0]] = [e for e in spec[1].values() if isinstance(e, dict)]
        for addr, expr in UNREAD:
            _CFG["cell.service|" + addr] = [e for e in expr.values() if isinstance(e, dict)]
    return _CFG.get(cfgaddr, [])


def dump(doc, f):
    """Compact JSON as Terraform writes it (Go escapes <, > and & in strings)."""
    enc = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
    for chunk in enc.iterencode(doc):
        f.write(chunk.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    f.write("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", choices=["real", "findings", "clean", "wide", "unread"], required=True)
    ap.add_argument("--resources", type=int, default=50000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    doc = build(a.shape, a.resources)
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        dump(doc, f)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
