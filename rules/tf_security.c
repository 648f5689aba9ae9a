#include "infralint/rule.h"
#include "rules.h"
const struct rule tf_security_rules[] = {{0}};
