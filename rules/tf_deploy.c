#include "infralint/rule.h"
#include "rules.h"
const struct rule tf_deploy_rules[] = {{0}};
