#include "infralint/rule.h"
#include "rules.h"
const struct rule tf_ha_rules[] = {{0}};
